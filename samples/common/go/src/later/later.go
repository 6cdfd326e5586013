// Package later orders two steps of a Go sample in time WITHOUT telling the race detector.
//
// It is the Go twin of samples/common/later.h. Every synchronisation the Go race detector knows
// (channels, sync.*, sync/atomic, and even os/net reads and writes, which go through
// syscall.Read/Write and their shared ioSync annotation) creates a happens-before edge and would
// hide the very race a lesson shows. A pipe driven by raw syscall.Syscall blocks the waiting
// goroutine until Done without any race annotation: the order is the same on every run, and the
// race detector still sees two unordered accesses. Never a sleep: that would be luck.
package later

import (
	"syscall"
	"unsafe"
)

// Later is one step that another goroutine waits for.
type Later struct{ fds [2]int }

// New returns a step not yet done.
func New() *Later {
	l := &Later{}
	if err := syscall.Pipe2(l.fds[:], syscall.O_CLOEXEC); err != nil {
		panic(err)
	}
	return l
}

// Done marks the step done (the waiting side may now go on). Call it once.
func (l *Later) Done() {
	var b [1]byte
	if _, _, errno := syscall.Syscall(syscall.SYS_WRITE, uintptr(l.fds[1]), uintptr(unsafe.Pointer(&b)), 1); errno != 0 {
		panic(errno)
	}
}

// Wait blocks until Done was called. One goroutine waits, once.
func (l *Later) Wait() {
	var b [1]byte
	for {
		n, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(l.fds[0]), uintptr(unsafe.Pointer(&b)), 1)
		if errno == syscall.EINTR {
			continue
		}
		if errno != 0 || n != 1 {
			panic("later: pipe read failed")
		}
		return
	}
}
