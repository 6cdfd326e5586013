//go:build ignore

// Lesson 9 in Go: work that outlives its request's deadline. The handler gives up at its
// context's deadline and answers 504, but the goroutine it started knows nothing of that: it
// carries on and reads the original *gin.Context after the pool gave it to the next request.
// race pair: the late job's c.Query@50:R vs the next request's reset of the pooled Context (W,
// in gin's ServeHTTP, called at line 66)
//
// CHECK: WARNING: DATA RACE
// CHECK-NEXT: Read at {{.*}} by goroutine {{[0-9]+}}:
// CHECK: main.main.func2.1()
// CHECK-NEXT: /09-timeout-cancellation/go/racy.go:50 +0x
// CHECK: Previous write at {{.*}} by main goroutine:
// CHECK-NEXT: github.com/gin-gonic/gin.{{.*}}
// CHECK: main.main()
// CHECK-NEXT: /09-timeout-cancellation/go/racy.go:66 +0x
// CHECK: quote request answered 504; the job still finished: priced for customer=bob
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
		// The bug: the job ignores ctx and holds the original context.
		go func() {
			nextRequestServed.Wait() // the pricing service is slow today
			result <- "priced for customer=" + c.Query("customer")
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
			fmt.Printf("quote request answered %d; the job still finished: %s\n", w.Code, result)
			return
		}
	}
}
