// Package fonts embeds the DejaVu Sans Condensed typefaces (Bitstream Vera
// licence with public-domain DejaVu changes, see LICENSE in this folder) so
// generated PDFs show Dutch characters (ë, é, ï) on any machine.
package fonts

import _ "embed"

// Regular is DejaVu Sans Condensed.
//
//go:embed DejaVuSansCondensed.ttf
var Regular []byte

// Bold is DejaVu Sans Condensed Bold.
//
//go:embed DejaVuSansCondensed-Bold.ttf
var Bold []byte
