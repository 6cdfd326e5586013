//go:build ignore

// Lesson 4 in Go: a logging middleware that writes its line from a goroutine, from the original
// *gin.Context. By the time the line is written, Gin's pool has given the Context to the next
// request, and Alice's log line shows Bob's request.
// race pair: the log goroutine's c.Writer@46:R vs Bob's request's reset of the pooled Context
// (W, in gin's ServeHTTP, called at line 56)
//
// CHECK: WARNING: DATA RACE
// CHECK-NEXT: Read at {{.*}} by goroutine {{[0-9]+}}:
// CHECK-NEXT: main.main.func1.1()
// CHECK-NEXT: /04-async-logging-middleware/go/racy.go:46 +0x
// CHECK: Previous write at {{.*}} by main goroutine:
// CHECK-NEXT: github.com/gin-gonic/gin.{{.*}}
// CHECK: main.main()
// CHECK-NEXT: /04-async-logging-middleware/go/racy.go:56 +0x
// CHECK: log line for GET /orders/alice: GET /orders/bob -> 200
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
	var logLine chan string

	engine.Use(func(c *gin.Context) {
		c.Next()
		if c.Param("user") != "alice" {
			reused = c == aliceCtx
			return
		}
		aliceCtx = c
		// The bug: the line is written later, by another goroutine, from the original context.
		go func() {
			nextRequestServed.Wait() // the logger's queue is slow today
			logLine <- fmt.Sprintf("%s %s -> %d", c.Request.Method, c.Request.URL.Path, c.Writer.Status())
		}()
	})
	engine.GET("/orders/:user", func(c *gin.Context) { c.String(200, c.Param("user")) })

	// Under -race, sync.Pool drops one Put in four on purpose; Alice's request is repeated until
	// Bob's request gets her Context back from the pool (checked by pointer, not by luck).
	for {
		nextRequestServed, logLine = later.New(), make(chan string)
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/orders/alice", nil))
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/orders/bob", nil))
		nextRequestServed.Done()
		line := <-logLine
		if reused {
			fmt.Printf("log line for GET /orders/alice: %s\n", line)
			return
		}
	}
}
