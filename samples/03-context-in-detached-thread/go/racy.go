//go:build ignore

// Lesson 3 in Go: the original *gin.Context in a goroutine. The handler starts a background job
// that reads c.Query("uid") after the request has ended; by then Gin's sync.Pool has handed the
// same Context to the next request, and the job reads someone else's uid.
// race pair: the job's c.Query@46:R vs Bob's request's reset of the pooled Context (W, in
// gin's ServeHTTP, called at line 56)
//
// CHECK: WARNING: DATA RACE
// CHECK-NEXT: Read at {{.*}} by goroutine {{[0-9]+}}:
// CHECK: main.main.func2.1()
// CHECK-NEXT: /03-context-in-detached-thread/go/racy.go:46 +0x
// CHECK: Previous write at {{.*}} by main goroutine:
// CHECK-NEXT: github.com/gin-gonic/gin.{{.*}}
// CHECK: main.main()
// CHECK-NEXT: /03-context-in-detached-thread/go/racy.go:56 +0x
// CHECK: job for uid=alice read uid=bob
package main

import (
	"fmt"
	"net/http/httptest"

	"github.com/gin-gonic/gin"
	"later"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	var aliceCtx *gin.Context
	var reused bool
	var nextRequestServed *later.Later
	var jobSaw chan string

	engine.GET("/whoami", func(c *gin.Context) {
		reused = c == aliceCtx
		c.String(200, c.Query("uid"))
	})
	engine.GET("/report", func(c *gin.Context) {
		aliceCtx = c
		uid := c.Query("uid") // read now: this one is right
		// The bug: the job holds the original context and reads it later.
		go func() {
			nextRequestServed.Wait() // "some time later"
			jobSaw <- c.Query("uid")
		}()
		c.String(202, "report for "+uid+" queued")
	})

	// Under -race, sync.Pool drops one Put in four on purpose; Alice's request is repeated until
	// Bob's request gets her Context back from the pool (checked by pointer, not by luck).
	for {
		nextRequestServed, jobSaw = later.New(), make(chan string)
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/report?uid=alice", nil))
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/whoami?uid=bob", nil))
		nextRequestServed.Done()
		saw := <-jobSaw
		if reused {
			fmt.Printf("job for uid=alice read uid=%s\n", saw)
			return
		}
	}
}
