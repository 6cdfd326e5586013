// The CLI's one worker pool: `racelab lint` checks files on it and `racelab tour` runs programs.
#pragma once

#include <cstddef>
#include <functional>

namespace racelab {

/// Calls `work(i)` once for every i in [0, count), on `jobs` threads (0: one per core, never more
/// threads than items). After each, `finished(i, n)` runs, n being how many are done so far; the
/// calls to `finished` never overlap, so it may print.
void run_on_workers(std::size_t count, int jobs, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t, std::size_t)>& finished = {});

} // namespace racelab
