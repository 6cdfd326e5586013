//go:build ignore

// Lesson 4 in Go, the cure: the middleware hands its goroutine c.Copy() (request, status and
// params as they are now). Same requests, same order as racy.go.
//
// CHECK-NOT: WARNING: DATA RACE
// CHECK: log line for GET /orders/alice: GET /orders/alice -> 200
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
	var logLine chan string

	engine.Use(func(c *gin.Context) {
		c.Next()
		if c.Param("user") != "alice" {
			reused = c == aliceCtx
			return
		}
		aliceCtx = c
		cp := c.Copy() // the cure: the log goroutine gets its own snapshot
		go func() {
			nextRequestServed.Wait() // the logger's queue is slow today
			logLine <- fmt.Sprintf("%s %s -> %d", cp.Request.Method, cp.Request.URL.Path, cp.Writer.Status())
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
