package fhir

// number scans a JSON number and returns its text.
func (l *jsonLexer) number() (string, error) {
	n := jsonNumberLen(l.data[l.pos:])
	if n <= 0 {
		return "", l.errorf(l.pos, "invalid number")
	}
	s := string(l.data[l.pos : l.pos+n])
	l.pos += n
	if l.pos < len(l.data) && isJSONNumberByte(l.data[l.pos]) {
		return "", l.errorf(l.pos, "invalid number")
	}
	return s, nil
}

func isJSONNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// jsonNumberLen returns the length of the JSON number at the start of b,
// or 0 when there is none.
func jsonNumberLen(b []byte) int {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return 0
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0
		}
	}
	return i
}

// isJSONNumber reports whether s is exactly one JSON number.
func isJSONNumber(s string) bool {
	return s != "" && jsonNumberLen([]byte(s)) == len(s)
}

// literal consumes the keyword word (true, false, null).
func (l *jsonLexer) literal(word string) error {
	end := l.pos + len(word)
	if end > len(l.data) || string(l.data[l.pos:end]) != word ||
		end < len(l.data) && isNameByte(l.data[end]) {
		return l.unexpected("a value")
	}
	l.pos = end
	return nil
}

// isNameByte reports whether c is an ASCII letter, digit or underscore.
func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// validName reports whether s is a valid FHIR element name: an ASCII
// letter followed by letters, digits or underscores.
func validName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}
