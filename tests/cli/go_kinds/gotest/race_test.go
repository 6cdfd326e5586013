// The same race as counter_race.go, as go test -race reports it.
package gotest

import (
	"testing"
	"time"
)

func TestCounter(t *testing.T) {
	hits := 0
	go func() {
		hits++ // USER-LINE
	}()
	time.Sleep(100 * time.Millisecond)
	if hits > 1 { // USER-LINE
		t.Fatal("impossible")
	}
}
