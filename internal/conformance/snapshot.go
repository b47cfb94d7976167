package conformance

type snapResult struct{}
