package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"regexp"
)

// PKCE (RFC 7636). Only the S256 method is accepted: "plain" sends the
// verifier itself through the browser, which protects nothing that S256
// does not protect better, so an authorization request with
// code_challenge_method=plain (or a challenge without a method, which RFC
// 7636 reads as plain) is refused with invalid_request. A code issued with
// a challenge is only redeemed with the matching code_verifier; a
// code_verifier for a code issued without challenge is refused too (a
// downgrade).

var (
	s256ChallengeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	verifierRE      = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)
)

// checkChallenge validates the PKCE parameters of an authorization request.
func checkChallenge(challenge, method string) *oauthError {
	switch {
	case challenge == "" && method == "":
		return nil
	case method != "S256":
		return &oauthError{"invalid_request", "code_challenge_method must be S256 (plain is not accepted)"}
	case !s256ChallengeRE.MatchString(challenge):
		return &oauthError{"invalid_request", "code_challenge must be the unpadded base64url SHA-256 of the code_verifier (43 characters)"}
	}
	return nil
}

// checkVerifier checks the code_verifier of a token request against the
// challenge stored with the code ("" when the request had none).
func checkVerifier(challenge, verifier string) *tokenErr {
	switch {
	case challenge == "" && verifier == "":
		return nil
	case challenge == "":
		return invalidGrant("code_verifier given, but the authorization request had no code_challenge")
	case verifier == "":
		return invalidGrant("code_verifier is required: the authorization request had a code_challenge")
	case !verifierRE.MatchString(verifier):
		return &tokenErr{http.StatusBadRequest, "invalid_request", "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~"}
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) != 1 {
		return invalidGrant("code_verifier does not match the code_challenge")
	}
	return nil
}
