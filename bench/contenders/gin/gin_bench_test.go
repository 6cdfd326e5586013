// The Gin side of the microbenchmarks in docs/performance.md, matching bench/minigin_bench.cpp:
// ServeHTTP with a minimal writer, Copy() of a context with 2 params, 3 keys and a query, and a
// router lookup over the GitHub API route set (bench/data/github-api-routes.txt).
package main

import (
	"bufio"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nullWriter) WriteHeader(int)             {}

func BenchmarkGinServeHTTPUserParam(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/user/:id", func(c *gin.Context) { c.String(200, c.Param("id")) })
	req, _ := http.NewRequest("GET", "/user/42", nil)
	w := &nullWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.ServeHTTP(w, req)
	}
}

func BenchmarkGinCopy(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	var c0 *gin.Context
	r.GET("/user/:id/post/:post", func(c *gin.Context) {
		c.Set("user", 1)
		c.Set("role", 2.0)
		c.Set("trace", c)
		c.Query("q")
		c0 = c
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			cp := c0.Copy()
			_ = cp
		}
	})
	req, _ := http.NewRequest("GET", "/user/1/post/2?q=x&page=3", nil)
	r.ServeHTTP(&nullWriter{h: http.Header{}}, req)
}

func loadGithubRoutes(b *testing.B) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	path := os.Getenv("GITHUB_ROUTES")
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	h := func(c *gin.Context) {}
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " ", 2)
		r.Handle(parts[0], parts[1], h)
	}
	return r
}

func BenchmarkGinGithubLookup(b *testing.B) {
	r := loadGithubRoutes(b)
	req, _ := http.NewRequest("GET", "/repos/gin-gonic/gin/issues/1020", nil)
	w := &nullWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.ServeHTTP(w, req)
	}
}
