package account

// SetOnHash installs a hook called as each password hash starts.
func (s *Service) SetOnHash(f func()) { s.onHash = f }
