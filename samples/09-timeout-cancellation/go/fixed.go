//go:build ignore

// Lesson 9 in Go, the cure: the job gets the handler's ctx and c.Copy(); when it finally runs,
// it sees the deadline has passed and stops instead of working for a request that is gone.
// Same requests, same order as racy.go.
//
// CHECK-NOT: WARNING: DATA RACE
// CHECK: quote request answered 504; the job stopped: context deadline exceeded
// CHECK-NOT: WARNING: DATA RACE
package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/gin-gonic/gin"
	"later"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	var aliceCtx *gin.Context
	var reused bool
	var nextRequestServed *later.Later
	var jobResult chan string

	engine.GET("/whoami", func(c *gin.Context) {
		reused = c == aliceCtx
		c.String(200, c.Query("customer"))
	})
	engine.GET("/quote", func(c *gin.Context) {
		aliceCtx = c
		ctx, cancel := context.WithTimeout(c.Request.Context(), 10*time.Millisecond)
		defer cancel()
		result := jobResult
		cp := c.Copy() // the cure, part 1: a snapshot for the job
		go func() {
			nextRequestServed.Wait()          // the pricing service is slow today
			if err := ctx.Err(); err != nil { // the cure, part 2: honour the deadline
				result <- "stopped: " + err.Error()
				return
			}
			result <- "finished: priced for customer=" + cp.Query("customer")
		}()
		select {
		case r := <-result:
			c.String(200, r)
		case <-ctx.Done(): // the job cannot answer before the next request: this fires
			c.String(504, "pricing timed out")
		}
	})

	// Under -race, sync.Pool drops one Put in four on purpose; Alice's request is repeated until
	// Bob's request gets her Context back from the pool (checked by pointer, not by luck).
	for {
		nextRequestServed, jobResult = later.New(), make(chan string, 1)
		w := httptest.NewRecorder()
		engine.ServeHTTP(w, httptest.NewRequest("GET", "/quote?customer=alice", nil))
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/whoami?customer=bob", nil))
		nextRequestServed.Done()
		result := <-jobResult
		if reused {
			fmt.Printf("quote request answered %d; the job %s\n", w.Code, result)
			return
		}
	}
}
