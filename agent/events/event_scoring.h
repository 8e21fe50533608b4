// An event's confidence (0..10) and the evidence behind it, as tags {name, score}: each tag
// says what moved the score and by how much, so an operator can see why we think it is an
// attack. Recomputed whenever the event changes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "agent/asrel/as_relationships.h"
#include "agent/irr/irr_database.h"
#include "agent/model/event.h"
#include "agent/rpki/vrp_set.h"
#include "storage/history_store.h"

namespace bgpsentry {

// What scoring may know besides the event; each part is optional and adds its tags only
// when present.
struct ScoringContext {
  const VrpSet* vrps = nullptr;                    // RPKI configured
  const AsRelationships* relationships = nullptr;  // as_relationships_file
  const IrrDatabase* irr = nullptr;                // irr.files
  // Whether the offending origin announced the event's prefix before the event started,
  // per the stored history (unknown without a store, or when the read failed).
  std::optional<bool> origin_seen_before = std::nullopt;
};

void score_event(Event& event, const ScoringContext& context = {});

// The agent's scorer (an EventBook::Scorer): the VRPs in force, the relationships, and the
// history, asked once per event (not at every rescore; forgotten when the event ends).
class EventScorer {
 public:
  using Vrps = std::function<std::shared_ptr<const VrpSet>()>;
  // Whether `origin` announced `prefix` before `before_us`; nullopt when it cannot tell.
  using History =
      std::function<std::optional<bool>(const Prefix& prefix, uint32_t origin, int64_t before_us)>;

  using Irr = std::function<std::shared_ptr<const IrrDatabase>()>;

  EventScorer(Vrps vrps, std::shared_ptr<const AsRelationships> relationships, History history,
              Irr irr = {});
  // History asked of the stored updates; an unreadable store is logged and "cannot tell".
  static History history_of(const HistoryStore& store);
  void operator()(Event& event);

 private:
  Vrps vrps_;
  std::shared_ptr<const AsRelationships> relationships_;
  History history_;
  Irr irr_;
  std::unordered_map<uint64_t, std::optional<bool>> seen_before_;  // by event id
};

}  // namespace bgpsentry
