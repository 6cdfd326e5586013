//go:build ignore

// Lesson 3 in Go, the cure: the job gets c.Copy(), a snapshot that no later request touches.
// Same requests, same order (Bob's request gets Alice's pooled Context) as racy.go.
//
// CHECK-NOT: WARNING: DATA RACE
// CHECK: job for uid=alice read uid=alice
// CHECK-NOT: WARNING: DATA RACE
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
		cp := c.Copy()        // the cure: the job gets its own snapshot
		go func() {
			nextRequestServed.Wait() // "some time later"
			jobSaw <- cp.Query("uid")
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
