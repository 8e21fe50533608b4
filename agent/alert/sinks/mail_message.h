// An alert as an email (RFC 5322, MIME text/plain in quoted-printable so that no line is too
// long and any text is safe): an event's notices form one thread, its first notice's
// Message-ID referenced by the later ones.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/model/alert.h"

namespace bgpsentry {

struct MailHeader {
  std::string from;
  std::vector<std::string> to;
  std::string domain;  // for Message-IDs: the host's name
};

// The whole message, CRLF line ends.
std::string mail_message(const MailHeader& header, const Alert& alert, std::string_view subject,
                         std::string_view body, int64_t now_us);

// RFC 2045 quoted-printable with CRLF line ends.
std::string quoted_printable(std::string_view text);
// A header value: as is when printable ASCII, else an RFC 2047 UTF-8 encoded word.
std::string header_text(std::string_view text);

}  // namespace bgpsentry
