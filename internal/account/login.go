package account

import (
	"context"
	"errors"
)

// ErrBadCredentials is returned for an unknown e-mail or a wrong password;
// the two are not told apart.
var ErrBadCredentials = errors.New("e-mail address or password is wrong")

// Authenticate checks an e-mail and password, with throttling per account
// and per client address. It returns ErrThrottled, ErrBadCredentials or the user.
func (s *Service) Authenticate(ctx context.Context, th *Throttle, email, password, addr string) (*User, error) {
	email, _ = NormalizeEmail(email)
	now := s.Now()
	ok, err := th.Allowed(ctx, email, addr, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrThrottled
	}
	u, err := s.ByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		// Spend the same work as a real check so timing does not reveal accounts.
		_, _ = CheckPassword(dummyHash(s.Params), password)
		return nil, errors.Join(ErrBadCredentials, th.Failed(ctx, email, addr, now))
	}
	if err != nil {
		return nil, err
	}
	if !u.HasPassword() {
		// An invited account without a password yet: same work, same answer.
		_, _ = CheckPassword(dummyHash(s.Params), password)
		return nil, errors.Join(ErrBadCredentials, th.Failed(ctx, email, addr, now))
	}
	match, err := CheckPassword(u.passwordHash, password)
	if err != nil {
		return nil, err
	}
	if !match || u.Disabled {
		return nil, errors.Join(ErrBadCredentials, th.Failed(ctx, email, addr, now))
	}
	if err := th.Succeeded(ctx, email); err != nil {
		return nil, err
	}
	return u, nil
}

var dummy struct {
	params HashParams
	hash   string
}

func dummyHash(p HashParams) string {
	if dummy.hash == "" || dummy.params != p {
		h, _ := HashPassword("not-a-real-password", p)
		dummy.params, dummy.hash = p, h
	}
	return dummy.hash
}
