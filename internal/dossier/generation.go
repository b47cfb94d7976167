package dossier

import "sync/atomic"

// generation counts the changes this process made to stored dossiers
// (create, edit, delete, every new version). A cache outside the package
// (the sandbox DVA's dossier lookup) keeps an entry only while Generation
// is unchanged, so a change made here is seen at once; changes by another
// instance sharing the database are bounded by the cache's own lifetime.
var generation atomic.Int64

// Generation returns the current change count.
func Generation() int64 { return generation.Load() }

func changed() { generation.Add(1) }
