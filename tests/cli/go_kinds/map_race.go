// Two goroutines write one map: under -race, a data race inside the runtime's map code.
package main

import "sync"

func main() {
	seen := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	for _, who := range []string{"alice", "bob"} {
		go func(who string) {
			defer wg.Done()
			seen[who]++ // USER-LINE
		}(who)
	}
	wg.Wait()
}
