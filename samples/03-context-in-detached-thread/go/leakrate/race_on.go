//go:build race

package main

// Under -race, sync.Pool drops one Put in four on purpose, so fewer contexts are reused.
const raceEnabled = true
