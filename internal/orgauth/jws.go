package orgauth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"strings"
)

// MaxJWSBytes bounds a compact JWS (a VP with a few credentials fits).
const MaxJWSBytes = 64 << 10

// Header is the protected header of a JWS.
type Header struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid,omitempty"`
	Typ  string          `json:"typ,omitempty"`
	JWK  json.RawMessage `json:"jwk,omitempty"`
	Crit []string        `json:"crit,omitempty"`
}

// JWS is a parsed, not yet verified, compact JWS.
type JWS struct {
	Header  Header
	Payload []byte
	input   string // header.payload
	sig     []byte
}

var b64 = base64.RawURLEncoding

// ParseJWS splits and decodes a compact JWS. It checks form only: call
// Verify before trusting anything in it.
func ParseJWS(s string) (*JWS, error) {
	if len(s) > MaxJWSBytes {
		return nil, errors.New("JWS te groot / too large")
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, errors.New("geen compacte JWS (drie delen gescheiden door punten verwacht)")
	}
	hb, err := b64.DecodeString(parts[0])
	if err != nil {
		return nil, errors.New("JWS-header is geen base64url")
	}
	var h Header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, errors.New("JWS-header is geen JSON-object")
	}
	if len(h.Crit) > 0 {
		return nil, fmt.Errorf("JWS-header crit %q wordt niet ondersteund", h.Crit)
	}
	if _, ok := algs[h.Alg]; !ok {
		return nil, fmt.Errorf("alg %q niet toegestaan (ES256, ES384, ES512, RS256, PS256, PS384, PS512)", h.Alg)
	}
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, errors.New("JWS-payload is geen base64url")
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || len(sig) == 0 {
		return nil, errors.New("JWS-handtekening ontbreekt of is geen base64url")
	}
	return &JWS{Header: h, Payload: payload, input: parts[0] + "." + parts[1], sig: sig}, nil
}

type algInfo struct {
	hash  crypto.Hash
	kind  byte // 'E' ECDSA, 'R' RSA PKCS#1 v1.5, 'P' RSA-PSS
	curve int  // ECDSA coordinate size in bytes
}

var algs = map[string]algInfo{
	"ES256": {crypto.SHA256, 'E', 32},
	"ES384": {crypto.SHA384, 'E', 48},
	"ES512": {crypto.SHA512, 'E', 66},
	"RS256": {crypto.SHA256, 'R', 0},
	"PS256": {crypto.SHA256, 'P', 0},
	"PS384": {crypto.SHA384, 'P', 0},
	"PS512": {crypto.SHA512, 'P', 0},
}

func digest(h crypto.Hash, s string) []byte {
	var d hash.Hash
	switch h {
	case crypto.SHA384:
		d = sha512.New384()
	case crypto.SHA512:
		d = sha512.New()
	default:
		d = sha256.New()
	}
	d.Write([]byte(s))
	return d.Sum(nil)
}

// Verify checks the signature with key (an *ecdsa.PublicKey or
// *rsa.PublicKey); the key type must match alg.
func (j *JWS) Verify(key crypto.PublicKey) error {
	a := algs[j.Header.Alg]
	sum := digest(a.hash, j.input)
	switch k := key.(type) {
	case *ecdsa.PublicKey:
		if a.kind != 'E' || (k.Curve.Params().BitSize+7)/8 != a.curve {
			return fmt.Errorf("alg %s past niet bij de sleutel", j.Header.Alg)
		}
		if len(j.sig) != 2*a.curve {
			return errors.New("ECDSA-handtekening heeft de verkeerde lengte")
		}
		r := new(big.Int).SetBytes(j.sig[:a.curve])
		s := new(big.Int).SetBytes(j.sig[a.curve:])
		if !ecdsa.Verify(k, sum, r, s) {
			return errors.New("handtekening ongeldig")
		}
		return nil
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return errors.New("RSA-sleutel korter dan 2048 bits")
		}
		var err error
		switch a.kind {
		case 'R':
			err = rsa.VerifyPKCS1v15(k, a.hash, sum, j.sig)
		case 'P':
			err = rsa.VerifyPSS(k, a.hash, sum, j.sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		default:
			return fmt.Errorf("alg %s past niet bij de sleutel", j.Header.Alg)
		}
		if err != nil {
			return errors.New("handtekening ongeldig")
		}
		return nil
	}
	return errors.New("sleuteltype niet ondersteund")
}

// Sign makes a compact JWS over claims with key; header gets alg (chosen
// from the key: ES256/384/512 or PS256) plus the given fields.
func Sign(key crypto.Signer, h Header, claims any) (string, error) {
	switch k := key.Public().(type) {
	case *ecdsa.PublicKey:
		switch k.Curve.Params().BitSize {
		case 256:
			h.Alg = "ES256"
		case 384:
			h.Alg = "ES384"
		case 521:
			h.Alg = "ES512"
		default:
			return "", errors.New("curve niet ondersteund")
		}
	case *rsa.PublicKey:
		if h.Alg != "RS256" {
			h.Alg = "PS256"
		}
	default:
		return "", errors.New("sleuteltype niet ondersteund")
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	pb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(hb) + "." + b64.EncodeToString(pb)
	a := algs[h.Alg]
	sum := digest(a.hash, input)
	var sig []byte
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		r, s, err := ecdsa.Sign(rand.Reader, k, sum)
		if err != nil {
			return "", err
		}
		sig = make([]byte, 2*a.curve)
		r.FillBytes(sig[:a.curve])
		s.FillBytes(sig[a.curve:])
	case *rsa.PrivateKey:
		if a.kind == 'R' {
			sig, err = rsa.SignPKCS1v15(rand.Reader, k, a.hash, sum)
		} else {
			sig, err = rsa.SignPSS(rand.Reader, k, a.hash, sum, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		}
		if err != nil {
			return "", err
		}
	default:
		return "", errors.New("sleuteltype niet ondersteund")
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// Audience is a JWT "aud": one string or an array.
type Audience []string

// UnmarshalJSON accepts a string or an array of strings.
func (a *Audience) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*a = Audience{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return errors.New("aud is geen string of lijst van strings")
	}
	*a = l
	return nil
}

// Contains reports whether aud names want exactly.
func (a Audience) Contains(want string) bool {
	for _, s := range a {
		if s == want {
			return true
		}
	}
	return false
}

// Claims are the registered JWT claims this package checks.
type Claims struct {
	Iss string   `json:"iss"`
	Sub string   `json:"sub"`
	Aud Audience `json:"aud"`
	Exp *int64   `json:"exp"`
	Iat *int64   `json:"iat"`
	Nbf *int64   `json:"nbf"`
	Jti string   `json:"jti"`
}
