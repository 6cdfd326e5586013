// A plain data race: a goroutine writes a counter that main reads, with nothing between them.
package main

import (
	"fmt"
	"time"
)

func main() {
	hits := 0
	go func() {
		hits++ // USER-LINE
	}()
	time.Sleep(100 * time.Millisecond) // orders the two accesses in time, not for the race detector
	fmt.Println("hits:", hits)         // USER-LINE
}
