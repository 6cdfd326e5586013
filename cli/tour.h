// `racelab tour`: every sample's programs under ThreadSanitizer and the linter, one table.
#pragma once

#include "paths.h"
#include "samples.h"

#include <string>
#include <vector>

namespace racelab {

struct TourRow {
  std::string sample, variant, lesson;
  std::string language = "C++"; ///< "Go" for the Go twins (tour --go, go_tour.h)
  std::string tsan;     ///< "race between racy.cpp:36 and racy.cpp:40", "clean", "not built"
  std::string linter;   ///< "racelab-context-escape at racy.cpp:34", "clean"
  std::string expected; ///< "race at 36, 40; racelab-context-escape@34"
  bool ok = false;
  std::vector<std::string> problems; ///< why a row is not ok
  /// The cells above as the table shows them, in the user's language (the JSON keeps the English
  /// above); an empty one shows the English.
  struct Shown {
    std::string lesson, tsan, linter, expected, summary;
    std::vector<std::string> problems;
  } shown;
  /// The reports grouped, as `run` ends: "6 reports, 1 distinct problem: racy.cpp:36 ↔
  /// racy.cpp:40"; "" when the program reported nothing.
  std::string summary;
};

std::vector<TourRow> run_tour(const Paths& paths, const std::vector<Sample>& samples, int jobs,
                              bool progress);
std::string format_tour_table(const std::vector<TourRow>& rows);
std::string format_tour_json(const std::vector<TourRow>& rows);

/// The racelab-* findings for one sample source, as (check, line).
std::vector<std::pair<std::string, int>> lint_sample(const Paths& paths, const std::string& source,
                                                     std::string* error);

} // namespace racelab
