// The webhook sink against a real HTTPS server on 127.0.0.1 (tests/support/webhook_server.py,
// Python's http.server with ssl, certificates from the test's own CA): what each format
// posts, Google Chat's thread per event, Telegram's replies to an event's first message,
// certificate checks, failures that name no secret, and a retry that resends nothing twice.
#include "agent/alert/sinks/webhook_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <regex>
#include <sstream>
#include <thread>

#include "storage/database.h"
#include "tests/support/tinyproxy.h"
#include "tests/support/webhook_server.h"
#include "tests/test_env.h"
#include "tests/unit/alert/sample_alerts.h"

namespace bgpsentry {
namespace {

using namespace std::chrono_literals;

WebhookSinkSettings settings(WebhookFormat format, const std::string& url,
                             const test::TempDir& dir) {
  WebhookSinkSettings s;
  s.format = format;
  s.url = url;
  s.http.ca_file = dir / "ca.pem";
  s.http.timeout = 3s;
  return s;
}

const char* kSummary =
    "hijack: A new prefix 208.65.153.0/24 is announced by AS17557 \\\"quoted\\\"";

}  // namespace

TEST(WebhookSink, EachChatFormatPostsItsBody) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir);
  const Alert alert = test::youtube_hijack();
  struct Case {
    WebhookFormat format;
    std::string expected_json;
  };
  const std::string text = std::string("\"") + kSummary + "\"";
  const std::vector<Case> cases = {
      {WebhookFormat::kSlack, "{\"text\":" + text + "}"},
      {WebhookFormat::kMattermost, "{\"text\":" + text + "}"},
      {WebhookFormat::kDiscord, "{\"content\":" + text + "}"},
      {WebhookFormat::kGoogleChat, "{\"text\":" + text + ",\"thread\":{\"threadKey\":\"3\"}}"},
      {WebhookFormat::kTeams,
       "{\"attachments\":[{\"content\":{\"$schema\":\"http://adaptivecards.io/schemas/"
       "adaptive-card.json\",\"body\":[{\"text\":" +
           text +
           ",\"type\":\"TextBlock\",\"wrap\":true}],\"type\":\"AdaptiveCard\",\"version\":\"1.4\"},"
           "\"contentType\":\"application/vnd.microsoft.card.adaptive\"}],\"type\":\"message\"}"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(to_string(c.format));
    WebhookSink sink("chat", settings(c.format, server.url("/hook/SECRET"), dir),
                     test::youtube_facts(), nullptr);
    ASSERT_TRUE(sink.deliver({alert}));
    const auto requests = server.requests();
    ASSERT_FALSE(requests.empty());
    const test::WebhookRequest& r = requests.back();
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.json, c.expected_json) << r.body;
    EXPECT_NE(r.headers.find("\"content-type\": \"application/json\""), std::string::npos)
        << r.headers;
    if (c.format == WebhookFormat::kGoogleChat)
      EXPECT_EQ(r.path, "/hook/SECRET?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
    else
      EXPECT_EQ(r.path, "/hook/SECRET");
  }
}

// Every notice of one event goes to one Google Chat thread: the event id is its key.
TEST(WebhookSink, GoogleChatThreadsAnEventsNotices) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir);
  WebhookSink sink(
      "chat", settings(WebhookFormat::kGoogleChat, server.url("/v1/spaces/X/messages?key=K"), dir),
      test::youtube_facts(), nullptr);
  Alert started = test::youtube_hijack(), changed = started, ended = started, other = started;
  changed.id = 8;
  changed.notice = EventNotice::kChanged;
  ended.id = 9;
  ended.notice = EventNotice::kEnded;
  other.id = 10;
  other.event_id = 4;
  ASSERT_TRUE(sink.deliver({started, changed, ended, other}));
  const auto r = server.requests();
  ASSERT_EQ(r.size(), 4u);
  for (int i = 0; i < 3; ++i)
    EXPECT_NE(r[i].json.find("\"thread\":{\"threadKey\":\"3\"}"), std::string::npos) << r[i].json;
  EXPECT_NE(r[3].json.find("\"thread\":{\"threadKey\":\"4\"}"), std::string::npos) << r[3].json;
  EXPECT_EQ(r[0].path,
            "/v1/spaces/X/messages?key=K&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
}

// Telegram: the event's first message is remembered (in the store, so a restart keeps it);
// later notices reply to it; after the end the thread is forgotten.
TEST(WebhookSink, TelegramRepliesToTheEventsFirstMessage) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir);
  auto db = Database::open(dir / "db");
  ASSERT_TRUE(db);
  MetaStore meta(**db);
  WebhookSinkSettings s = settings(WebhookFormat::kTelegram, server.url(""), dir);
  s.token = "123456:SECRET-TOKEN";
  s.chat_id = "-1001234";
  Alert started = test::youtube_hijack(), changed = started, ended = started;
  changed.id = 8;
  changed.notice = EventNotice::kChanged;
  ended.id = 9;
  ended.notice = EventNotice::kEnded;
  {
    WebhookSink sink("tg", s, test::youtube_facts(), &meta);
    ASSERT_TRUE(sink.deliver({started}));
  }
  WebhookSink restarted("tg", s, test::youtube_facts(), &meta);
  ASSERT_TRUE(restarted.deliver({changed, ended}));
  const auto r = server.requests();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].path, "/bot123456:SECRET-TOKEN/sendMessage");
  EXPECT_EQ(r[0].json,
            std::string("{\"chat_id\":\"-1001234\",\"link_preview_options\":{\"is_disabled\":true},"
                        "\"text\":\"") +
                kSummary + "\"}");
  for (int i = 1; i < 3; ++i)
    EXPECT_NE(r[i].json.find("\"reply_parameters\":{\"allow_sending_without_reply\":true,"
                             "\"message_id\":1001}"),
              std::string::npos)
        << "replies to the first message (the server numbered it 1001): " << r[i].json;
  EXPECT_FALSE(meta.get("sink/tg/telegram/3")) << "an ended event's thread is forgotten";
}

// json posts the alert as the API writes it; http is BGPalerter's reportHTTP.
TEST(WebhookSink, JsonAndHttpFormats) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir);
  WebhookSink json("machine", settings(WebhookFormat::kJson, server.url("/alerts"), dir),
                   test::youtube_facts(), nullptr);
  ASSERT_TRUE(json.deliver({test::youtube_hijack()}));
  WebhookSinkSettings h = settings(WebhookFormat::kHttp, server.url("/bgp"), dir);
  h.method = "PUT";
  h.headers = {{"X-Team", "noc"}, {"Authorization", "Bearer SECRET"}};
  h.text_template = R"({"message": "${summary}", "prefix": "${prefix}", "desc": "${description}"})";
  WebhookSink http("ops", h, test::youtube_facts(), nullptr);
  ASSERT_TRUE(http.deliver({test::youtube_hijack()}));
  h.template_json = false;
  h.text_template = "${type} ${newprefix} by ${neworigin}";
  WebhookSink text("ops-text", h, test::youtube_facts(), nullptr);
  ASSERT_TRUE(text.deliver({test::youtube_hijack()}));
  const auto r = server.requests();
  ASSERT_EQ(r.size(), 3u);
  for (const char* part : {"\"type\":\"SUBPREFIX_HIJACK\"", "\"prefix\":\"208.65.153.0/24\"",
                           "\"event_id\":\"3\"", "\"observed_origin\":17557"})
    EXPECT_NE(r[0].json.find(part), std::string::npos) << part << " in " << r[0].json;
  EXPECT_EQ(r[1].method, "PUT");
  EXPECT_EQ(
      r[1].json,
      std::string("{\"desc\":\"YouTube\",\"message\":\"A new prefix 208.65.153.0/24 "
                  "is announced by AS17557 \\\"quoted\\\"\",\"prefix\":\"208.65.152.0/22\"}"));
  EXPECT_NE(r[1].headers.find("\"x-team\": \"noc\""), std::string::npos) << r[1].headers;
  EXPECT_NE(r[1].headers.find("\"authorization\": \"Bearer SECRET\""), std::string::npos);
  EXPECT_EQ(r[2].body, "SUBPREFIX_HIJACK 208.65.153.0/24 by AS17557");
  EXPECT_NE(r[2].headers.find("text/plain"), std::string::npos) << r[2].headers;
}

// Failures say what and where, never the secret part of the URL.
TEST(WebhookSink, FailuresNameNoSecret) {
  test::TempDir dir;
  test::make_test_pki(dir);
  const std::string secret = "/services/T000/B000/XXXXSECRETXXXX";
  {
    test::WebhookServer failing(dir,
                                {"--fail-file", dir / "requests.jsonl"});  // fails from the 2nd
    WebhookSink sink("noc", settings(WebhookFormat::kSlack, failing.url(secret), dir),
                     test::youtube_facts(), nullptr);
    ASSERT_TRUE(sink.deliver({test::youtube_hijack()}));
    auto st = sink.deliver({test::youtube_hijack()});
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("answered HTTP 503: service unavailable"), std::string::npos)
        << st.error();
    EXPECT_NE(st.error().find("https://127.0.0.1:"), std::string::npos) << st.error();
    EXPECT_EQ(st.error().find("SECRET"), std::string::npos) << st.error();

    WebhookSinkSettings untrusted = settings(WebhookFormat::kSlack, failing.url(secret), dir);
    untrusted.http.ca_file = dir / "other.pem";
    WebhookSink refused("noc", untrusted, test::youtube_facts(), nullptr);
    st = refused.deliver({test::youtube_hijack()});
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("certificate"), std::string::npos) << st.error();
    EXPECT_EQ(st.error().find("SECRET"), std::string::npos) << st.error();
  }
  WebhookSink down(
      "noc",
      settings(WebhookFormat::kSlack,
               "https://127.0.0.1:" + std::to_string(test::free_loopback_port()) + secret, dir),
      test::youtube_facts(), nullptr);
  auto st = down.deliver({test::youtube_hijack()});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().find("SECRET"), std::string::npos) << st.error();
}

// A server that accepts and never answers costs the sink its timeout, no more.
TEST(WebhookSink, AServerThatNeverAnswersTimesOut) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer hanging(dir, {"--hang"});
  WebhookSinkSettings s = settings(WebhookFormat::kSlack, hanging.url("/hook"), dir);
  s.http.timeout = 1s;
  WebhookSink sink("noc", s, test::youtube_facts(), nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto st = sink.deliver({test::youtube_hijack()});
  EXPECT_FALSE(st);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

// A batch that fails part-way is retried from the alert that failed: the ones before it are
// not posted twice.
TEST(WebhookSink, ARetrySendsNothingTwice) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir, {"--fail-at", "3"});
  WebhookSink sink("noc", settings(WebhookFormat::kSlack, server.url("/hook"), dir),
                   test::youtube_facts(), nullptr);
  std::vector<Alert> batch;
  for (uint64_t id = 1; id <= 4; ++id) {
    Alert a = test::youtube_hijack();
    a.id = id;
    a.description = "alert " + std::to_string(id);
    batch.push_back(a);
  }
  ASSERT_FALSE(sink.deliver(batch)) << "the third fails";
  ASSERT_TRUE(sink.deliver(batch));
  std::vector<std::string> texts;
  for (const auto& r : server.requests()) texts.push_back(r.json);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "{\"text\":\"hijack: alert 1\"}", "{\"text\":\"hijack: alert 2\"}",
                       "{\"text\":\"hijack: alert 3\"}", "{\"text\":\"hijack: alert 3\"}",
                       "{\"text\":\"hijack: alert 4\"}"}));
  ASSERT_TRUE(sink.deliver(batch)) << "a later re-delivery of the same alerts sends them all";
  EXPECT_EQ(server.requests().size(), 9u);
}

// A test alert (bgpctl alerts test: id 0, outside the stored sequence) sent between a batch
// that failed part-way and its retry does not make the retry send the first part again.
TEST(WebhookSink, ATestAlertBetweenAFailureAndItsRetryRepeatsNothing) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir, {"--fail-at", "2"});
  WebhookSink sink("noc", settings(WebhookFormat::kSlack, server.url("/hook"), dir),
                   test::youtube_facts(), nullptr);
  std::vector<Alert> batch;
  for (uint64_t id = 1; id <= 2; ++id) {
    Alert a = test::youtube_hijack();
    a.id = id;
    a.description = "alert " + std::to_string(id);
    batch.push_back(a);
  }
  ASSERT_FALSE(sink.deliver(batch)) << "the second fails";
  Alert probe = test::youtube_hijack();
  probe.id = 0;
  probe.description = "test";
  ASSERT_TRUE(sink.deliver({probe}));
  ASSERT_TRUE(sink.deliver(batch));
  std::vector<std::string> texts;
  for (const auto& r : server.requests()) texts.push_back(r.json);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "{\"text\":\"hijack: alert 1\"}", "{\"text\":\"hijack: alert 2\"}",
                       "{\"text\":\"hijack: test\"}", "{\"text\":\"hijack: alert 2\"}"}));
}

// Through an HTTP proxy (Debian's tinyproxy, CONNECT): the post arrives; a proxy that
// refuses the tunnel fails the post, with its answer and without the secret.
TEST(WebhookSink, ThroughAProxy) {
  test::TempDir dir;
  test::make_test_pki(dir);
  test::WebhookServer server(dir);
  test::Tinyproxy proxy(dir, 0);
  WebhookSinkSettings s = settings(WebhookFormat::kSlack, server.url("/hook/SECRET"), dir);
  s.http.proxy = proxy.url();
  ASSERT_TRUE(
      WebhookSink("noc", s, test::youtube_facts(), nullptr).deliver({test::youtube_hijack()}));
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_NE(test::read_file(dir / "tinyproxy.log").find("Established connection"),
            std::string::npos)
      << "it went through the proxy";
  test::TempDir dir2;
  test::Tinyproxy strict(dir2, 443);  // tunnels to port 443 only
  s.http.proxy = strict.url();
  auto st = WebhookSink("noc", s, test::youtube_facts(), nullptr).deliver({test::youtube_hijack()});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("403"), std::string::npos) << st.error();
  EXPECT_EQ(st.error().find("SECRET"), std::string::npos) << st.error();
  EXPECT_EQ(server.requests().size(), 1u);
}

}  // namespace bgpsentry
