// `racelab tour --go`: the Go twins of the lessons (samples/NN-*/go/racy.go, fixed.go), built
// with Go's race detector against real Gin and judged as the C++ programs are.
#pragma once

#include "paths.h"
#include "samples.h"
#include "tour.h"

#include <vector>

namespace racelab {

/// One row per Go twin of `samples` (language "Go"). A twin is taken prebuilt from
/// $RACELAB_GO_BINS (named as tests/go/go_samples.py names them: 03-context-in-detached-thread-racy)
/// or built with `go build -race` in GOPATH mode (GO111MODULE=off,
/// GOPATH=<samples>/common/go:/usr/share/gocode). The GORACE options are pinned
/// (tests/go/pinned_gorace.txt).
std::vector<TourRow> run_go_tour(const Paths& paths, const std::vector<Sample>& samples, int jobs,
                                 bool progress);

} // namespace racelab
