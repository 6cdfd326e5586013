//go:build ignore

// Lesson 6 in Go: the request body read in a goroutine. The job reads c.Request.Body after the
// request ended; by then the pooled Context's Request is the next request's, and Alice's
// virus scan reads Bob's private note.
// race pair: the job's c.GetRawData@46:R (c.Request) vs the next request's ServeHTTP setting
// the pooled Context's Request (W, in gin's ServeHTTP, called at line 59)
//
// CHECK: WARNING: DATA RACE
// CHECK-NEXT: Read at {{.*}} by goroutine {{[0-9]+}}:
// CHECK: main.main.func2.1()
// CHECK-NEXT: /06-body-in-thread/go/racy.go:46 +0x
// CHECK: Previous write at {{.*}} by main goroutine:
// CHECK-NEXT: github.com/gin-gonic/gin.{{.*}}
// CHECK: main.main()
// CHECK-NEXT: /06-body-in-thread/go/racy.go:59 +0x
// CHECK: job for alice's upload read: bob's private note
package main

import (
	"fmt"
	"net/http/httptest"
	"strings"

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

	engine.POST("/note", func(c *gin.Context) {
		reused = c == aliceCtx
		c.String(201, "saved")
	})
	engine.POST("/upload", func(c *gin.Context) {
		aliceCtx = c
		// The bug: the job reads the body from the original context, later.
		go func() {
			nextRequestServed.Wait() // virus scanning takes a while
			body, _ := c.GetRawData()
			jobRead <- string(body)
		}()
		c.String(202, "scanning")
	})

	// Under -race, sync.Pool drops one Put in four on purpose; Alice's request is repeated until
	// Bob's request gets her Context back from the pool (checked by pointer, not by luck).
	for {
		nextRequestServed, jobRead = later.New(), make(chan string)
		alice := httptest.NewRequest("POST", "/upload", strings.NewReader("alice's document"))
		bob := httptest.NewRequest("POST", "/note", strings.NewReader("bob's private note"))
		engine.ServeHTTP(httptest.NewRecorder(), alice)
		engine.ServeHTTP(httptest.NewRecorder(), bob)
		nextRequestServed.Done()
		body := <-jobRead
		if reused {
			fmt.Printf("job for alice's upload read: %s\n", body)
			return
		}
	}
}
