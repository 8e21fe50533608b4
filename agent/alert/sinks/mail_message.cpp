#include "agent/alert/sinks/mail_message.h"

#include <cstdio>

#include "agent/core/time_text.h"

namespace bgpsentry {

namespace {

std::string base64(std::string_view in) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = static_cast<uint8_t>(in[i]) << 16 | static_cast<uint8_t>(in[i + 1]) << 8 |
                       static_cast<uint8_t>(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kChars[(v >> s) & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kChars[(v >> 18) & 63];
    out += kChars[(v >> 12) & 63];
    out += i + 1 < in.size() ? kChars[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::string header_text(std::string_view text) {
  bool plain = true;
  for (unsigned char c : text) plain = plain && c >= 32 && c < 127;
  if (plain) return std::string(text);
  std::string out;
  // Encoded words of at most 75 characters: 45 bytes of text each, cut between characters.
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") +
           base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  size_t column = 0;
  auto put = [&](const std::string& piece) {
    if (column + piece.size() > 75) {  // soft line break: "=" ends a line of at most 76
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    if (c == '\r') continue;
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n';
    if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end)) {
      put(std::string(1, static_cast<char>(c)));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "=%02X", c);
      put(buf);
    }
  }
  return out;
}

std::string mail_message(const MailHeader& h, const Alert& alert, std::string_view subject,
                         std::string_view body, int64_t now_us) {
  std::string to;
  for (const auto& r : h.to) to += (to.empty() ? "" : ", ") + r;
  std::string m = "From: " + h.from + "\r\nTo: " + to + "\r\nSubject: " + header_text(subject) +
                  "\r\nDate: " + format_utc_time(now_us, "%a, %d %b %Y %H:%M:%S +0000") + "\r\n";
  // One thread per event: its first notice has a Message-ID the others refer to.
  const std::string thread =
      alert.event_id ? "<bgpsentry-event-" + std::to_string(alert.event_id) + "@" + h.domain + ">"
                     : "";
  if (!thread.empty() && alert.notice == EventNotice::kStarted) {
    m += "Message-ID: " + thread + "\r\n";
  } else {
    m += "Message-ID: <bgpsentry-alert-" + std::to_string(alert.id) + "-" + std::to_string(now_us) +
         "@" + h.domain + ">\r\n";
    if (!thread.empty()) m += "In-Reply-To: " + thread + "\r\nReferences: " + thread + "\r\n";
  }
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n";
  m += quoted_printable(body);
  return m + "\r\n";
}

}  // namespace bgpsentry
