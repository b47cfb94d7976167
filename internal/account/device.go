package account

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
)

// DeviceCookie names the cookie that marks a browser as a known device of
// an account: set at a successful login, it lets the right password in
// from that browser while the account is throttled for everyone else.
const DeviceCookie = "ketentest_device"

// DeviceLifetime is how long a browser stays a known device after a login.
const DeviceLifetime = 180 * 24 * time.Hour

// deviceKey is the account's key for device tokens, derived from its
// password hash: the hash never leaves the server, so only the server can
// make a token, and changing the password makes every earlier token void.
func (u *User) deviceKey() []byte {
	k := sha256.Sum256([]byte("ketentest known device v1\x00" + u.passwordHash))
	return k[:]
}

func (u *User) deviceMAC(id string) string {
	m := hmac.New(sha256.New, u.deviceKey())
	m.Write([]byte(id + "\x00" + u.Email))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// newDeviceToken returns a fresh device token of u: "<id>.<mac>".
func (u *User) newDeviceToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	return id + "." + u.deviceMAC(id)
}

// knownDevice returns the device id of token when it is a valid device
// token of u, and "" otherwise.
func (u *User) knownDevice(token string) string {
	id, mac, ok := strings.Cut(token, ".")
	if !ok || len(id) != 22 || u == nil || !u.HasPassword() {
		return ""
	}
	if !hmac.Equal([]byte(mac), []byte(u.deviceMAC(id))) {
		return ""
	}
	return id
}
