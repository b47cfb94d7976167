package finding

import "sync"

// MaxStreamsPerUser is how many live streams one user may hold open at
// once (in this process); more are refused with 429. 0 means no limit.
var MaxStreamsPerUser = 20

// streamCount counts the open live streams per user.
var streamCount = struct {
	sync.Mutex
	n map[int64]int
}{n: map[int64]int{}}

// acquireStream takes a place for a stream of userID; false when the user
// already holds MaxStreamsPerUser streams.
func acquireStream(userID int64) bool {
	streamCount.Lock()
	defer streamCount.Unlock()
	if max := MaxStreamsPerUser; max > 0 && streamCount.n[userID] >= max {
		return false
	}
	streamCount.n[userID]++
	return true
}

func releaseStream(userID int64) {
	streamCount.Lock()
	defer streamCount.Unlock()
	if streamCount.n[userID]--; streamCount.n[userID] <= 0 {
		delete(streamCount.n, userID)
	}
}
