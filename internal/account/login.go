package account

import (
	"context"
	"errors"
	"sync"
)

// ErrBadCredentials is returned for an unknown e-mail or a wrong password;
// the two are not told apart.
var ErrBadCredentials = errors.New("e-mail address or password is wrong")

// LoginAttempt is what a login form sends, with where it comes from.
type LoginAttempt struct {
	Email    string
	Password string
	Addr     string // the client's address (httpx.ClientIP)
	Device   string // the device cookie's value, if any
}

// LoginResult is a successful login.
type LoginResult struct {
	User   *User
	Device string // a fresh device token to set as DeviceCookie
}

// Login checks an e-mail and password under the throttle. In this order,
// so that no refused attempt costs a hash: the attempt is counted (refused:
// ErrThrottled, a *ThrottleError), a slot of the hash gate is taken (none
// free: ErrBusy, and the attempt is taken back), and only then is the
// password hashed. It returns ErrBadCredentials for an unknown account, an
// account without a password, a disabled account or a wrong password.
func (s *Service) Login(ctx context.Context, th *Throttle, in LoginAttempt) (*LoginResult, error) {
	email, err := NormalizeEmail(in.Email)
	var u *User
	if err == nil {
		u, err = s.ByEmail(ctx, email)
		if errors.Is(err, ErrNotFound) {
			u, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	a := newAttempt(email, in.Addr, u.knownDevice(in.Device))
	if err := th.begin(ctx, &a, s.Now()); err != nil {
		return nil, err
	}
	release, err := s.Gate.Acquire(ctx)
	if err != nil {
		return nil, errors.Join(err, th.undo(context.WithoutCancel(ctx), a))
	}
	defer release()
	hash := s.dummyHash()
	if u != nil && u.HasPassword() {
		hash = u.passwordHash
	}
	// An unknown account or one without a password spends the same work, so
	// timing does not tell them apart.
	match, err := s.verify(hash, in.Password)
	if err != nil {
		return nil, err
	}
	if !match || u == nil || !u.HasPassword() || u.Disabled {
		return nil, ErrBadCredentials
	}
	if err := th.succeeded(ctx, a); err != nil {
		return nil, err
	}
	return &LoginResult{User: u, Device: u.newDeviceToken()}, nil
}

// Authenticate is Login without a device, for callers that only need the user.
func (s *Service) Authenticate(ctx context.Context, th *Throttle, email, password, addr string) (*User, error) {
	res, err := s.Login(ctx, th, LoginAttempt{Email: email, Password: password, Addr: addr})
	if err != nil {
		return nil, err
	}
	return res.User, nil
}

// dummyHashes holds one hash per parameter set, for checks of accounts
// that have none; logins run in parallel, so it is guarded.
var dummyHashes struct {
	sync.Mutex
	m map[HashParams]string
}

func (s *Service) dummyHash() string {
	dummyHashes.Lock()
	defer dummyHashes.Unlock()
	if h, ok := dummyHashes.m[s.Params]; ok {
		return h
	}
	h, _ := HashPassword("not-a-real-password", s.Params)
	if dummyHashes.m == nil {
		dummyHashes.m = map[HashParams]string{}
	}
	dummyHashes.m[s.Params] = h
	return h
}
