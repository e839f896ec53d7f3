// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json/fwd.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samverka::quality {

// The data.europa.eu Metadata Quality Assessment (MQA): 23 indicators in five dimensions, 405
// points in all. docs/quality.md records how each is judged and how scores add up.
enum class Level { kDataset, kDistribution, kBestDistribution };

struct Indicator {
  const char* id;  // the piveau metric name, e.g. keywordAvailability
  const char*
      dimension;  // findability, accessibility, interoperability, reusability, contextuality
  int weight;
  Level level;
  const char* label_en;
  const char* label_sv;
  const char* fix_en;  // what a publisher does to meet it
  const char* fix_sv;
};
const std::vector<Indicator>& indicators();
inline constexpr int kMaxPoints = 405;
inline constexpr const char* kDimensions[] = {"findability", "accessibility", "interoperability",
                                              "reusability", "contextuality"};

// How one dataset fares on one indicator.
struct IndicatorResult {
  const Indicator* indicator = nullptr;
  // 1 met, 0 not; for distribution indicators the share of the distributions that meet it.
  double share = 0;
  int distributions_met = 0;  // distribution indicators: how many meet it, of `distributions`
  int distributions = 0;
  int unchecked = 0;  // link indicators: distributions whose URLs were not checked yet
  double points() const { return indicator->weight * share; }
};

struct DatasetScore {
  std::vector<IndicatorResult> results;  // in the order of indicators()
  int best_distribution = -1;            // the one interoperability was taken from
  double points() const;
};

// What a link check last saw of a URL: reachable (status below 400), not, or not yet checked.
using LinkLookup = std::function<std::optional<bool>(std::string_view url)>;

// Scores a dataset in the catalogue's JSON shape (document fields). `compliant`: whether its
// DCAT-AP RDF meets the SEMIC shapes (dcatApCompliance).
DatasetScore score_dataset(const boost::json::object& document, const LinkLookup& links,
                           bool compliant);

// excellent (351-405), good (221-350), sufficient (121-220), bad (0-120), on rounded points.
const char* rating_of(double points);

// A group of datasets (a publisher's, the catalogue's): each indicator's mean share, so the
// points are the datasets' mean, and the fixes that would gain the most first.
class ScoreSum {
 public:
  void add(const DatasetScore& score);
  int datasets() const { return datasets_; }
  double points() const;
  // {points, rating, datasets, dimensions: {name: points}, indicators: [{id, dimension, weight,
  // points, share, datasets_missing, distributions_missing}], fixes: [...]}
  boost::json::object to_json() const;

 private:
  struct Sum {
    double share = 0;
    int datasets_missing = 0;         // datasets that do not fully meet it
    int distributions_missing = 0;    // distribution indicators: distributions that do not
    int distributions_unchecked = 0;  // link indicators: of those, not checked yet
  };
  int datasets_ = 0;
  std::vector<Sum> sums_ = std::vector<Sum>(indicators().size());
};

// A dataset's points in each dimension, rounded to tenths: {findability: 40.0, ...}.
boost::json::object dimensions_of(const DatasetScore& score);

// One dataset's score as the API shows it: points, rating, dimensions, each indicator with
// what was seen, and the fixes that gain the most first.
boost::json::object to_json(const DatasetScore& score);

}  // namespace samverka::quality
