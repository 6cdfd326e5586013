// Gin hello world, the reference contender of scripts/bench-vs-gin: GET / answers "hello".
// Built in GOPATH mode against Debian's golang-github-gin-gonic-gin-dev (gin 1.8.1).
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: the kernel picks)")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/", func(c *gin.Context) { c.String(200, "hello") })
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	http.Serve(ln, r)
}
