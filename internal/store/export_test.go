package store

// WALHardLimit is walHardLimit, for the WAL test.
const WALHardLimit = walHardLimit
