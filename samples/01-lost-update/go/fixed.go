//go:build ignore

// Lesson 1 in Go, the cure: the read-modify-write is one atomic step (atomic.AddInt64), so two
// requests in flight at once both count. Same requests, same interleaving as racy.go.
//
// CHECK-NOT: WARNING: DATA RACE
// CHECK: 2 requests counted as 2 hits
// CHECK-NOT: WARNING: DATA RACE
package main

import (
	"fmt"
	"net/http/httptest"
	"sync"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"later"
)

var hits int64

func main() {
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	firstStarted, secondDone := later.New(), later.New()

	engine.GET("/hit", func(c *gin.Context) {
		if c.Query("n") == "1" {
			firstStarted.Done()
			secondDone.Wait() // the first request's work is slow
		}
		atomic.AddInt64(&hits, 1)
		c.Status(204)
	})

	// Two requests in flight at once, as two connections would be.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hit?n=1", nil))
	}()
	firstStarted.Wait()
	engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hit?n=2", nil))
	secondDone.Done()
	wg.Wait()
	fmt.Printf("2 requests counted as %d hits\n", atomic.LoadInt64(&hits))
}
