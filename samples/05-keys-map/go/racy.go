//go:build ignore

// Lesson 5 in Go: Keys from another goroutine. Gin guards c.Set/c.Get with a mutex since v1.6
// (gin#1391), and the race is still there: a job that calls c.Get("user") after its request
// ended meets the pool's reset(), which empties Keys without that mutex for the next request.
// race pair: the job's c.Get@46:R vs the next request's reset of the pooled Context's Keys (W,
// in gin's ServeHTTP, called at line 60)
//
// CHECK: WARNING: DATA RACE
// CHECK-NEXT: Read at {{.*}} by goroutine {{[0-9]+}}:
// CHECK: main.main.func2.1()
// CHECK-NEXT: /05-keys-map/go/racy.go:46 +0x
// CHECK: Previous write at {{.*}} by main goroutine:
// CHECK-NEXT: github.com/gin-gonic/gin.{{.*}}
// CHECK: main.main()
// CHECK-NEXT: /05-keys-map/go/racy.go:60 +0x
// CHECK: job for alice read user=<none>
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
		// The bug: the job holds the original context; Gin's mutex does not make that safe.
		go func() {
			nextRequestServed.Wait() // the audit log is slow today
			user, ok := c.Get("user")
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
