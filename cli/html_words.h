// The words of explain --html's page and timeline (explain_html.cpp, timeline*.cpp), in one
// place so that a message catalog can take them over.
#pragma once

namespace racelab::html_words {

inline constexpr const char* kPageTitle = "racelab explain";
inline constexpr const char* kHeading = "ThreadSanitizer reports, explained";
inline constexpr const char* kNoReport = "No ThreadSanitizer report in the input.";
inline constexpr const char* kReports = "reports";
inline constexpr const char* kTimeline = "Timeline";
inline constexpr const char* kTimelineHow =
    "Time runs left to right, one lane per thread. A dashed red arrow is an order that is "
    "missing: nothing in the program makes one event happen before the other.";
inline constexpr const char* kWhere = "Where, in your code";
inline constexpr const char* kWhatHappened = "What happened";
inline constexpr const char* kCure = "The cure";
inline constexpr const char* kReadMore = "Read more:";
inline constexpr const char* kUnknownKind =
    "racelab does not know this kind of report; here it is as printed:";
inline constexpr const char* kNoSource = "not found on this machine: no excerpt";
inline constexpr const char* kNoUserFrame = "no frame of your code in this stack";
inline constexpr const char* kIn = "in";
inline constexpr const char* kAt = "at";
inline constexpr const char* kNotes = "Notes";
inline constexpr const char* kInterleaved = "Output of the program interleaved with this report:";

// Timeline labels.
inline constexpr const char* kNoHappensBefore = "no happens-before";
inline constexpr const char* kUsedAfterFree = "no happens-before: used after the free";
inline constexpr const char* kCreated = "created";
inline constexpr const char* kCreatedBy = "created by";
inline constexpr const char* kFreed = "freed";
inline constexpr const char* kNeverJoined = "never joined or detached";
inline constexpr const char* kHeld = "held";
inline constexpr const char* kMutex = "mutex";
inline constexpr const char* kWaitsFor = "waits for";
inline constexpr const char* kStillLocked = "still locked";
inline constexpr const char* kLockedHere = "locked here";
inline constexpr const char* kMutexCreated = "created";
inline constexpr const char* kAcquires = "acquires";
inline constexpr const char* kWhileHolding = "while holding";
inline constexpr const char* kReportingThread = "the reporting thread";
inline constexpr const char* kAtFatalError = "at the fatal error";
inline constexpr const char* kSignalHandler = "signal handler";
inline constexpr const char* kByte = "byte";
inline constexpr const char* kBytes = "bytes";
inline constexpr const char* kOf = "of";
inline constexpr const char* kAtomic = "atomic";
inline constexpr const char* kRead = "read";
inline constexpr const char* kWrite = "write";
inline constexpr const char* kSvgTitle = "Timeline of problem";
inline constexpr const char* kLanes = "lanes";

} // namespace racelab::html_words
