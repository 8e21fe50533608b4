// The email sink against a real SMTP server on 127.0.0.1 (Debian's python3-aiosmtpd,
// tests/support/smtp_server.py) that requires STARTTLS (or implicit TLS) and AUTH: subject,
// recipients, body and an event's thread arrive as sent; a bad password or an untrusted
// certificate fails without naming the secret.
#include "agent/alert/sinks/email_sink.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/smtp_server.h"
#include "tests/support/webhook_server.h"
#include "tests/test_env.h"
#include "tests/unit/alert/sample_alerts.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;

EmailSinkSettings settings(const std::string& url, const test::TempDir& dir) {
  EmailSinkSettings s;
  s.url = url;
  s.from = "bgp@example.net";
  s.to = {"noc@example.net", "oncall@example.net"};
  s.username = "bgp";
  s.password = "s3cret";
  s.ca_file = dir / "ca.pem";
  s.timeout = 5s;
  return s;
}

// A header of a raw message (CRLF lines).
std::string header(const std::string& message, const std::string& name) {
  std::smatch m;
  if (std::regex_search(message, m, std::regex("(^|\\n)" + name + ": ([^\\r]*)\\r"))) return m[2];
  return {};
}

}  // namespace

TEST(EmailSink, StarttlsAndAuthDeliverAThreadPerEvent) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::SmtpServer server(dir, false);
  EmailSink sink("mail", settings(server.url("smtp"), dir), test::youtube_facts());
  Alert started = test::youtube_hijack();
  Alert ended = started;
  ended.id = 8;
  ended.notice = EventNotice::kEnded;
  ended.description = "Event 3 ended: no peer carries it any more";
  ASSERT_TRUE(sink.deliver({started, ended})) << server.log();
  const auto records = server.records();
  ASSERT_EQ(records.size(), 2u) << server.log();
  const std::string first = test::webhook_record_field(records[0], "message");
  EXPECT_NE(records[0].find("\"user\": \"bgp\""), std::string::npos) << records[0];
  EXPECT_NE(records[0].find("\"from\": \"bgp@example.net\""), std::string::npos);
  EXPECT_NE(records[0].find("\"to\": [\"noc@example.net\", \"oncall@example.net\"]"),
            std::string::npos)
      << records[0];
  EXPECT_EQ(header(first, "Subject"),
            "[bgpsentry] hijack: A new prefix 208.65.153.0/24 is announced by AS17557 \"quoted\"");
  EXPECT_EQ(header(first, "To"), "noc@example.net, oncall@example.net");
  const std::string thread = header(first, "Message-ID");
  EXPECT_EQ(thread.rfind("<bgpsentry-event-3@", 0), 0u) << thread;
  EXPECT_NE(first.find("AS path:    12956 3491 17557"), std::string::npos) << first;
  EXPECT_NE(first.find("Prefix:     208.65.152.0/22 YouTube"), std::string::npos) << first;
  const std::string second = test::webhook_record_field(records[1], "message");
  EXPECT_EQ(header(second, "In-Reply-To"), thread) << "the end answers the start";
  EXPECT_EQ(header(second, "References"), thread);
  EXPECT_NE(header(second, "Message-ID"), thread);
}

TEST(EmailSink, ImplicitTls) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::SmtpServer server(dir, true);
  EmailSinkSettings s = settings(server.url("smtps"), dir);
  s.starttls = false;
  EmailSink sink("mail", s, test::youtube_facts());
  ASSERT_TRUE(sink.deliver({test::youtube_hijack()})) << server.log();
  EXPECT_EQ(server.records().size(), 1u);
}

TEST(EmailSink, ABadPasswordOrAnUntrustedServerFailsWithoutTheSecret) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::SmtpServer server(dir, false);
  EmailSinkSettings wrong = settings(server.url("smtp"), dir);
  wrong.password = "WRONG-SECRET";
  auto st = EmailSink("mail", wrong, test::youtube_facts()).deliver({test::youtube_hijack()});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("smtp://127.0.0.1:"), std::string::npos) << st.error();
  EXPECT_NE(st.error().find("535"), std::string::npos) << st.error();
  EXPECT_EQ(st.error().find("SECRET"), std::string::npos) << st.error();
  EmailSinkSettings untrusted = settings(server.url("smtp"), dir);
  untrusted.ca_file = dir / "other.pem";
  st = EmailSink("mail", untrusted, test::youtube_facts()).deliver({test::youtube_hijack()});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("certificate"), std::string::npos) << st.error();
  EXPECT_TRUE(server.records().empty());
}

TEST(MailMessage, QuotedPrintableKeepsLinesShortAndTextWhole) {
  std::string text(3000, 'a');  // an AS path of 32,767 hops is one long line too
  const std::string qp = quoted_printable(text);
  std::istringstream in(qp);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u);
  }
  std::string short_text(100, 'a');
  short_text += " =\nnext line \xc3\xa9 \n";
  EXPECT_EQ(quoted_printable(short_text), std::string(75, 'a') + "=\r\n" + std::string(25, 'a') +
                                              " =3D\r\nnext line =C3=A9=20\r\n")
      << "a soft break at 76, '=' and non-ASCII encoded, a space at a line's end too";
  EXPECT_EQ(header_text("plain subject"), "plain subject");
  EXPECT_EQ(header_text("caf\xc3\xa9"), "=?UTF-8?B?Y2Fmw6k=?=");
}

}  // namespace bgpsentry
