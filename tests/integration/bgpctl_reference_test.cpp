// bgpctl's manual page and bash completion, generated from its command tree: every verb is
// in them, the page renders without a groff warning, and completion completes.
#include <gtest/gtest.h>

#include "tests/integration/daemon.h"

namespace bgpsentry {
namespace {

std::string complete(const std::vector<std::string>& words) {
  std::string array;
  for (const auto& w : words) array += " '" + w + "'";
  const std::string script = "source <(" + test::bgpctl() + " completion bash) && COMP_WORDS=(" +
                             array + ") && COMP_CWORD=" + std::to_string(words.size() - 1) +
                             " && _bgpctl && echo \"${COMPREPLY[*]}\"";
  auto r = test::run_command({"/bin/bash", "-c", script});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, r.out.find('\n'));
}

TEST(BgpctlReference, ManualPageListsEveryVerbAndRendersCleanly) {
  auto r = test::run_command({test::bgpctl(), "man"});
  ASSERT_EQ(r.exit_code, 0);
  for (const char* verb :
       {"bgpctl status", "bgpctl alerts watch", "bgpctl alerts test", "bgpctl events ack ID",
        "bgpctl events silence", "bgpctl events unsilence ID", "bgpctl audit",
        "bgpctl prefix add PREFIX", "bgpctl asn remove", "bgpctl config diff REV", "bgpctl history",
        "bgpctl route", "bgpctl generate", "bgpctl mrt dump", "bgpctl record",
        "bgpctl log\\-level LEVEL", "bgpctl completion bash"})
    EXPECT_NE(r.out.find(".SS \"" + std::string(verb)), std::string::npos) << verb;
  EXPECT_NE(r.out.find("\\fB\\-\\-for\\fR"), std::string::npos) << "events silence --for";
  EXPECT_NE(r.out.find("77 no or unknown token"), std::string::npos) << "exit codes";
  test::TempDir dir;
  { std::ofstream(dir / "bgpctl.1") << r.out; }
  auto rendered = test::run_command(
      {"/bin/bash", "-c", "groff -man -Tutf8 -ww -z " + (dir / "bgpctl.1") + " 2>&1"});
  EXPECT_EQ(rendered.exit_code, 0);
  EXPECT_EQ(rendered.out, "") << "groff warnings";
}

TEST(BgpctlReference, BashCompletionCompletesVerbsAndFlags) {
  EXPECT_EQ(complete({"bgpctl", "ev"}), "events");
  EXPECT_EQ(complete({"bgpctl", "events", "si"}), "silence silences");
  EXPECT_EQ(complete({"bgpctl", "-o", "json", "events", "silence", "--f"}), "--for");
  EXPECT_EQ(complete({"bgpctl", "alerts", "watch", "--min"}), "--min-confidence");
  EXPECT_EQ(complete({"bgpctl", "--so"}), "--socket");
}

}  // namespace
}  // namespace bgpsentry
