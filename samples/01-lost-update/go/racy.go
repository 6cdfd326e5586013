//go:build ignore

// Lesson 1 in Go: lost updates. net/http serves every connection on its own goroutine, so two
// requests run the same Gin handler at once; the handler reads a shared counter, does its work,
// and writes counter+1. Both requests read 0 and both write 1: one hit is lost.
// race pair: hits@35:R and hits@40:W (the same handler, in two goroutines)
//
// CHECK: WARNING: DATA RACE
// CHECK-NEXT: Write at {{.*}} by main goroutine:
// CHECK-NEXT: main.main.func1()
// CHECK-NEXT: /01-lost-update/go/racy.go:40 +0x
// CHECK: Previous read at {{.*}} by goroutine {{[0-9]+}}:
// CHECK-NEXT: main.main.func1()
// CHECK-NEXT: /01-lost-update/go/racy.go:35 +0x
// CHECK: 2 requests counted as 1 hits
package main

import (
	"fmt"
	"net/http/httptest"
	"sync"

	"github.com/gin-gonic/gin"
	"later"
)

var hits int

func main() {
	gin.SetMode(gin.ReleaseMode)
	engine := gin.New()
	firstRead, secondDone := later.New(), later.New()

	engine.GET("/hit", func(c *gin.Context) {
		seen := hits
		if c.Query("n") == "1" {
			firstRead.Done()
			secondDone.Wait() // the first request's work is slow
		}
		hits = seen + 1
		c.Status(204)
	})

	// Two requests in flight at once, as two connections would be.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hit?n=1", nil))
	}()
	firstRead.Wait()
	engine.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hit?n=2", nil))
	secondDone.Done()
	wg.Wait()
	fmt.Printf("2 requests counted as %d hits\n", hits)
}
