// Command leakrate measures how often a goroutine that holds the original *gin.Context reads
// another request's data, and that c.Copy() brings it to zero.
//
// Clients send requests with distinct uids; each handler starts a job goroutine that reads
// c.Query("uid") once the scheduler runs it, with no handshake: the natural timing of a server
// whose handlers return before their jobs run. A job that reads a uid other than its request's
// has read another user's data. Copy's arm must read zero wrong uids; the original's figure is
// printed, not asserted (it depends on the scheduler, the cores and -race).
//
//	go run -race ./leakrate            # both arms
//	go run -race ./leakrate -arm copy  # only the cure (what the test asserts)
package main

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gin-gonic/gin"
)

// measure serves requests from clients goroutines and returns how many of the jobs read a uid
// that was not their request's.
func measure(useCopy bool, requests, clients int) (wrong int64) {
	engine := gin.New()
	var jobs sync.WaitGroup
	engine.GET("/report", func(c *gin.Context) {
		want := c.Query("uid")
		held := c
		if useCopy {
			held = c.Copy()
		}
		jobs.Add(1)
		go func() {
			defer jobs.Done()
			runtime.Gosched() // the job runs when the scheduler gets to it, not before
			if held.Query("uid") != want {
				atomic.AddInt64(&wrong, 1)
			}
		}()
		c.Status(202)
	})
	var wg sync.WaitGroup
	for k := 0; k < clients; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := k; i < requests; i += clients {
				req := httptest.NewRequest("GET", "/report?uid=user-"+strconv.Itoa(i), nil)
				engine.ServeHTTP(httptest.NewRecorder(), req)
			}
		}(k)
	}
	wg.Wait()
	jobs.Wait()
	return wrong
}

func main() {
	arm := flag.String("arm", "both", "original, copy or both")
	requests := flag.Int("requests", 2000, "requests per arm")
	clients := flag.Int("clients", 4, "client goroutines sending them")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	fmt.Printf("%d requests from %d clients, GOMAXPROCS=%d, race detector: %v\n", *requests,
		*clients, runtime.GOMAXPROCS(0), raceEnabled)
	status := 0
	for _, a := range []string{"original", "copy"} {
		if *arm != "both" && *arm != a {
			continue
		}
		wrong := measure(a == "copy", *requests, *clients)
		fmt.Printf("%-8s context: %d of %d jobs read another request's uid (%.1f %%)\n", a, wrong,
			*requests, 100*float64(wrong)/float64(*requests))
		if a == "copy" && wrong != 0 {
			status = 1
		}
	}
	os.Exit(status)
}
