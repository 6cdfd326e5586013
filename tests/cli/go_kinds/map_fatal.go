// Without -race: the runtime itself notices a map written and read at once, and throws.
package main

func main() {
	m := map[int]int{}
	go func() {
		for i := 0; ; i++ {
			m[i%64] = i // USER-LINE
		}
	}()
	for i := 0; ; i++ {
		_ = m[i%64] // USER-LINE
	}
}
