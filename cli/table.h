// Plain-text tables for the terminal: columns as wide as their widest cell, counted in terminal
// columns (display_width: "✓" takes one, a Chinese character two).
#pragma once

#include "text.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace racelab {

inline std::string format_table(const std::vector<std::string>& headers,
                                const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) {
    width[c] = display_width(headers[c]);
    for (const auto& r : rows)
      width[c] = std::max(width[c], display_width(r[c]));
  }
  std::ostringstream out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      out << cells[c];
      if (c + 1 < cells.size())
        out << std::string(width[c] - display_width(cells[c]) + 2, ' ');
    }
    out << "\n";
  };
  line(headers);
  for (const auto& r : rows)
    line(r);
  return out.str();
}

} // namespace racelab
