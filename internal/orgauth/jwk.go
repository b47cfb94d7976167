package orgauth

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"math/big"
)

// JWK is a public JSON Web Key (EC or RSA).
type JWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	D   string `json:"d,omitempty"` // only to refuse private keys
}

// ParseJWK reads a public JWK. A key with a private part is refused:
// participants register public keys only.
func ParseJWK(b []byte) (crypto.PublicKey, *JWK, error) {
	var j JWK
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, nil, errors.New("jwk is geen JSON-object")
	}
	if j.D != "" {
		return nil, nil, errors.New("jwk bevat een privésleutel (d): upload alleen de publieke sleutel")
	}
	k, err := j.Public()
	return k, &j, err
}

// Public returns the key.
func (j *JWK) Public() (crypto.PublicKey, error) {
	switch j.Kty {
	case "EC":
		var c elliptic.Curve
		var ec ecdh.Curve
		switch j.Crv {
		case "P-256":
			c, ec = elliptic.P256(), ecdh.P256()
		case "P-384":
			c, ec = elliptic.P384(), ecdh.P384()
		case "P-521":
			c, ec = elliptic.P521(), ecdh.P521()
		default:
			return nil, errors.New("jwk crv niet ondersteund")
		}
		x, err1 := b64.DecodeString(j.X)
		y, err2 := b64.DecodeString(j.Y)
		size := (c.Params().BitSize + 7) / 8
		if err1 != nil || err2 != nil || len(x) != size || len(y) != size {
			return nil, errors.New("jwk x/y ongeldig")
		}
		// Check the point is on the curve (ecdh refuses invalid points).
		raw := append(append([]byte{4}, x...), y...)
		if _, err := ec.NewPublicKey(raw); err != nil {
			return nil, errors.New("jwk-punt ligt niet op de curve")
		}
		return &ecdsa.PublicKey{Curve: c, X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}, nil
	case "RSA":
		n, err1 := b64.DecodeString(j.N)
		e, err2 := b64.DecodeString(j.E)
		if err1 != nil || err2 != nil || len(n) < 256 || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("jwk n/e ongeldig (RSA ≥ 2048 bits)")
		}
		ei := int(new(big.Int).SetBytes(e).Int64())
		if ei < 3 || ei%2 == 0 {
			return nil, errors.New("jwk e ongeldig")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: ei}, nil
	}
	return nil, errors.New("jwk kty moet EC of RSA zijn")
}

// PublicJWK describes a public key as a JWK.
func PublicJWK(k crypto.PublicKey, kid string) (*JWK, error) {
	switch k := k.(type) {
	case *ecdsa.PublicKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		crv := map[int]string{256: "P-256", 384: "P-384", 521: "P-521"}[k.Curve.Params().BitSize]
		if crv == "" {
			return nil, errors.New("curve niet ondersteund")
		}
		return &JWK{Kty: "EC", Kid: kid, Crv: crv, X: b64.EncodeToString(k.X.FillBytes(make([]byte, size))), Y: b64.EncodeToString(k.Y.FillBytes(make([]byte, size)))}, nil
	case *rsa.PublicKey:
		return &JWK{Kty: "RSA", Kid: kid, N: b64.EncodeToString(k.N.Bytes()), E: b64.EncodeToString(big.NewInt(int64(k.E)).Bytes())}, nil
	}
	return nil, errors.New("sleuteltype niet ondersteund")
}

// Thumbprint is the RFC 7638 SHA-256 thumbprint (base64url), as DPoP's
// cnf.jkt.
func (j *JWK) Thumbprint() string {
	var m []byte
	switch j.Kty {
	case "EC":
		m, _ = json.Marshal(struct {
			Crv string `json:"crv"`
			Kty string `json:"kty"`
			X   string `json:"x"`
			Y   string `json:"y"`
		}{j.Crv, j.Kty, j.X, j.Y})
	default:
		m, _ = json.Marshal(struct {
			E   string `json:"e"`
			Kty string `json:"kty"`
			N   string `json:"n"`
		}{j.E, j.Kty, j.N})
	}
	sum := sha256.Sum256(m)
	return b64.EncodeToString(sum[:])
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
