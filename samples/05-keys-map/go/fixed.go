//go:build ignore

// Lesson 5 in Go, the cure: the job gets c.Copy(), whose Keys are a new map that no later
// request resets. Same requests, same order as racy.go.
//
// CHECK-NOT: WARNING: DATA RACE
// CHECK: job for alice read user=alice
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
	var jobRead chan string

	engine.GET("/health", func(c *gin.Context) {
		reused = c == aliceCtx
		c.Status(204)
	})
	engine.GET("/profile", func(c *gin.Context) {
		aliceCtx = c
		c.Set("user", "alice")
		cp := c.Copy() // the cure: the job gets its own snapshot of Keys
		go func() {
			nextRequestServed.Wait() // the audit log is slow today
			user, ok := cp.Get("user")
			if !ok {
				user = "<none>"
			}
			jobRead <- fmt.Sprint(user)
		}()
		c.Status(202)
	})

	// Under -race, sync.Pool drops one Put in four on purpose; Alice's request is repeated until
	// the next request gets her Context back from the pool (checked by pointer, not by luck).
	for {
		nextRequestServed, jobRead = later.New(), make(chan string)
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/profile", nil))
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/health", nil))
		nextRequestServed.Done()
		user := <-jobRead
		if reused {
			fmt.Printf("job for alice read user=%s\n", user)
			return
		}
	}
}
