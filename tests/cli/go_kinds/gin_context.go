// A goroutine keeps the handler's *gin.Context and reads it after the next request reused it.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	seen := make(chan string, 1)
	r.GET("/job", func(c *gin.Context) {
		go func() {
			time.Sleep(100 * time.Millisecond) // "some time later": the next request is served
			seen <- c.Query("uid")             // USER-LINE
		}()
		c.String(http.StatusAccepted, "queued")
	})
	r.GET("/whoami", func(c *gin.Context) { c.String(http.StatusOK, c.Query("uid")) }) // USER-LINE
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/job?uid=alice", nil))
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/whoami?uid=bob", nil)) // USER-LINE
	fmt.Println("job for uid=alice read uid=" + <-seen)
}
