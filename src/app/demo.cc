// SPDX-License-Identifier: Apache-2.0
#include "app/demo.h"

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace samverka::app {

namespace bj = boost::json;

namespace {

struct DemoOrganization {
  const char* slug;
  const char* name_sv;
  const char* name_en;
  const char* org_number;
  const char* type;
  const char* domain;
  std::array<const char*, 2> themes;
};

// Real public bodies with their real organisation numbers.
const DemoOrganization kOrganizations[] = {
    {"scb",
     "Statistiska centralbyrån",
     "Statistics Sweden",
     "2021000837",
     "NationalAuthority",
     "scb.se",
     {"ECON", "SOCI"}},
    {"skatteverket",
     "Skatteverket",
     "Swedish Tax Agency",
     "2021005448",
     "NationalAuthority",
     "skatteverket.se",
     {"ECON", "GOVE"}},
    {"lantmateriet",
     "Lantmäteriet",
     "Swedish Mapping, Cadastral and Land Registration Authority",
     "2021004888",
     "NationalAuthority",
     "lantmateriet.se",
     {"REGI", "ENVI"}},
    {"smhi",
     "Sveriges meteorologiska och hydrologiska institut",
     "Swedish Meteorological and Hydrological Institute",
     "2021001124",
     "NationalAuthority",
     "smhi.se",
     {"ENVI", "TECH"}},
    {"naturvardsverket",
     "Naturvårdsverket",
     "Swedish Environmental Protection Agency",
     "2021001975",
     "NationalAuthority",
     "naturvardsverket.se",
     {"ENVI", "AGRI"}},
    {"trafikverket",
     "Trafikverket",
     "Swedish Transport Administration",
     "2021006297",
     "NationalAuthority",
     "trafikverket.se",
     {"TRAN", "REGI"}},
    {"forsakringskassan",
     "Försäkringskassan",
     "Swedish Social Insurance Agency",
     "2021005521",
     "NationalAuthority",
     "forsakringskassan.se",
     {"SOCI", "HEAL"}},
    {"arbetsformedlingen",
     "Arbetsförmedlingen",
     "Swedish Public Employment Service",
     "2021002114",
     "NationalAuthority",
     "arbetsformedlingen.se",
     {"ECON", "SOCI"}},
    {"boverket",
     "Boverket",
     "Swedish National Board of Housing, Building and Planning",
     "2021004367",
     "NationalAuthority",
     "boverket.se",
     {"REGI", "ENER"}},
    {"folkhalsomyndigheten",
     "Folkhälsomyndigheten",
     "Public Health Agency of Sweden",
     "2021006545",
     "NationalAuthority",
     "folkhalsomyndigheten.se",
     {"HEAL", "SOCI"}},
    {"transportstyrelsen",
     "Transportstyrelsen",
     "Swedish Transport Agency",
     "2021006255",
     "NationalAuthority",
     "transportstyrelsen.se",
     {"TRAN", "JUST"}},
    {"jordbruksverket",
     "Jordbruksverket",
     "Swedish Board of Agriculture",
     "2021004250",
     "NationalAuthority",
     "jordbruksverket.se",
     {"AGRI", "ECON"}},
    {"sgu",
     "Sveriges geologiska undersökning",
     "Geological Survey of Sweden",
     "2021002551",
     "NationalAuthority",
     "sgu.se",
     {"ENVI", "TECH"}},
    {"riksarkivet",
     "Riksarkivet",
     "Swedish National Archives",
     "2021001074",
     "NationalAuthority",
     "riksarkivet.se",
     {"EDUC", "GOVE"}},
    {"kb",
     "Kungliga biblioteket",
     "National Library of Sweden",
     "2021001090",
     "NationalAuthority",
     "kb.se",
     {"EDUC", "TECH"}},
    {"energimyndigheten",
     "Energimyndigheten",
     "Swedish Energy Agency",
     "2021005000",
     "NationalAuthority",
     "energimyndigheten.se",
     {"ENER", "ENVI"}},
    {"havochvatten",
     "Havs- och vattenmyndigheten",
     "Swedish Agency for Marine and Water Management",
     "2021006487",
     "NationalAuthority",
     "havochvatten.se",
     {"ENVI", "AGRI"}},
    {"bolagsverket",
     "Bolagsverket",
     "Swedish Companies Registration Office",
     "2021005489",
     "NationalAuthority",
     "bolagsverket.se",
     {"ECON", "JUST"}},
    {"digg",
     "Myndigheten för digital förvaltning",
     "Agency for Digital Government",
     "2021006883",
     "NationalAuthority",
     "digg.se",
     {"GOVE", "TECH"}},
    {"stockholms-stad",
     "Stockholms stad",
     "City of Stockholm",
     "2120000142",
     "LocalAuthority",
     "stockholm.se",
     {"REGI", "TRAN"}},
    {"goteborgs-stad",
     "Göteborgs stad",
     "City of Gothenburg",
     "2120001355",
     "LocalAuthority",
     "goteborg.se",
     {"REGI", "EDUC"}},
    {"malmo-stad",
     "Malmö stad",
     "City of Malmö",
     "2120001124",
     "LocalAuthority",
     "malmo.se",
     {"REGI", "ENVI"}},
    {"uppsala-kommun",
     "Uppsala kommun",
     "Uppsala Municipality",
     "2120003005",
     "LocalAuthority",
     "uppsala.se",
     {"EDUC", "SOCI"}},
    {"region-stockholm",
     "Region Stockholm",
     "Region Stockholm",
     "2321000016",
     "RegionalAuthority",
     "regionstockholm.se",
     {"HEAL", "TRAN"}},
    {"vastra-gotalandsregionen",
     "Västra Götalandsregionen",
     "Region Västra Götaland",
     "2321000131",
     "RegionalAuthority",
     "vgregion.se",
     {"HEAL", "TRAN"}},
    {"region-skane",
     "Region Skåne",
     "Region Skåne",
     "2321000255",
     "RegionalAuthority",
     "skane.se",
     {"HEAL", "REGI"}},
    {"socialstyrelsen",
     "Socialstyrelsen",
     "National Board of Health and Welfare",
     "2021000555",
     "NationalAuthority",
     "socialstyrelsen.se",
     {"HEAL", "SOCI"}},
    {"skolverket",
     "Skolverket",
     "Swedish National Agency for Education",
     "2021004235",
     "NationalAuthority",
     "skolverket.se",
     {"EDUC", "SOCI"}},
    {"polismyndigheten",
     "Polismyndigheten",
     "Swedish Police Authority",
     "2021000076",
     "NationalAuthority",
     "polisen.se",
     {"JUST", "GOVE"}},
    {"sjofartsverket",
     "Sjöfartsverket",
     "Swedish Maritime Administration",
     "2021000654",
     "NationalAuthority",
     "sjofartsverket.se",
     {"TRAN", "ENVI"}},
    {"skogsstyrelsen",
     "Skogsstyrelsen",
     "Swedish Forest Agency",
     "2021000522",
     "NationalAuthority",
     "skogsstyrelsen.se",
     {"AGRI", "ENVI"}},
    {"livsmedelsverket",
     "Livsmedelsverket",
     "Swedish Food Agency",
     "2021004706",
     "NationalAuthority",
     "livsmedelsverket.se",
     {"HEAL", "AGRI"}},
};

struct Subject {
  const char* sv;
  const char* en;
  const char* keyword_sv;
  const char* keyword_en;
};

struct Theme {
  const char* code;
  std::vector<Subject> subjects;
};

const std::vector<Theme>& themes() {
  static const std::vector<Theme> kThemes = {
      {"AGRI",
       {{"Skörd av spannmål", "Cereal harvest", "jordbruk", "agriculture"},
        {"Antal nötkreatur", "Number of cattle", "djurhållning", "livestock"},
        {"Ekologisk odling", "Organic farming", "ekologiskt", "organic"},
        {"Skogsavverkning", "Forest felling", "skog", "forestry"}}},
      {"ECON",
       {{"Bruttonationalprodukt", "Gross domestic product", "ekonomi", "economy"},
        {"Registrerade företag", "Registered companies", "företag", "companies"},
        {"Hushållens inkomster", "Household income", "inkomst", "income"},
        {"Arbetslöshet", "Unemployment", "arbetsmarknad", "labour market"}}},
      {"EDUC",
       {{"Betyg i grundskolan", "Compulsory school grades", "skola", "school"},
        {"Elever per lärare", "Pupils per teacher", "utbildning", "education"},
        {"Biblioteksbesök", "Library visits", "bibliotek", "library"},
        {"Digitaliserade arkivhandlingar", "Digitised archive records", "arkiv", "archives"}}},
      {"ENER",
       {{"Elproduktion", "Electricity generation", "el", "electricity"},
        {"Energianvändning i byggnader", "Energy use in buildings", "energi", "energy"},
        {"Vindkraftverk", "Wind turbines", "vindkraft", "wind power"},
        {"Laddstationer för elbilar", "Electric vehicle charging stations", "laddinfrastruktur",
         "charging"}}},
      {"ENVI",
       {{"Vattenkvalitet i sjöar", "Water quality in lakes", "vattenkvalitet", "water quality"},
        {"Luftkvalitet", "Air quality", "luft", "air"},
        {"Utsläpp av växthusgaser", "Greenhouse gas emissions", "klimat", "climate"},
        {"Skyddad natur", "Protected nature", "naturskydd", "nature conservation"},
        {"Nederbörd", "Precipitation", "väder", "weather"}}},
      {"GOVE",
       {{"Myndigheternas diarier", "Agency registers", "förvaltning", "administration"},
        {"Offentliga upphandlingar", "Public procurement", "upphandling", "procurement"},
        {"Valresultat", "Election results", "val", "elections"},
        {"Kommunernas bokslut", "Municipal accounts", "budget", "budget"}}},
      {"HEAL",
       {{"Vaccinationstäckning", "Vaccination coverage", "vaccin", "vaccination"},
        {"Väntetider i vården", "Waiting times in health care", "vård", "health care"},
        {"Dödsorsaker", "Causes of death", "hälsa", "health"},
        {"Livsmedelskontroller", "Food inspections", "livsmedel", "food"}}},
      {"INTR",
       {{"Internationellt bistånd", "International aid", "bistånd", "aid"},
        {"Export per land", "Exports by country", "handel", "trade"},
        {"EU-medel", "EU funding", "EU", "EU"}}},
      {"JUST",
       {{"Anmälda brott", "Reported crimes", "brott", "crime"},
        {"Trafikolyckor", "Road accidents", "olyckor", "accidents"},
        {"Konkurser", "Bankruptcies", "konkurs", "bankruptcy"}}},
      {"REGI",
       {{"Fastighetsgränser", "Property boundaries", "fastighet", "property"},
        {"Detaljplaner", "Detailed development plans", "planering", "planning"},
        {"Adresser", "Addresses", "adress", "address"},
        {"Ortofoton", "Orthophotos", "kartor", "maps"}}},
      {"SOCI",
       {{"Befolkning", "Population", "befolkning", "population"},
        {"Försörjningsstöd", "Social assistance", "socialtjänst", "social services"},
        {"Föräldrapenning", "Parental benefit", "föräldraförsäkring", "parental insurance"},
        {"Bostadsbyggande", "Housing construction", "bostäder", "housing"}}},
      {"TECH",
       {{"Bredbandstäckning", "Broadband coverage", "bredband", "broadband"},
        {"Öppna API:er", "Open APIs", "API", "API"},
        {"Mätstationer", "Measuring stations", "sensorer", "sensors"}}},
      {"TRAN",
       {{"Kollektivtrafikens hållplatser", "Public transport stops", "kollektivtrafik",
         "public transport"},
        {"Trafikflöden", "Traffic flows", "trafik", "traffic"},
        {"Fordon i trafik", "Vehicles in use", "fordon", "vehicles"},
        {"Fartygsanlöp", "Ship calls", "sjöfart", "shipping"}}},
  };
  return kThemes;
}

struct Place {
  const char* sv;
  const char* en;
  const char* geonames;
};
const Place kPlaces[] = {
    {"Sverige", "Sweden", "http://sws.geonames.org/2661886/"},
    {"Stockholms län", "Stockholm County", "http://sws.geonames.org/2673722/"},
    {"Västra Götalands län", "Västra Götaland County", "http://sws.geonames.org/3337386/"},
    {"Skåne län", "Skåne County", "http://sws.geonames.org/3337385/"},
    {"Uppsala län", "Uppsala County", "http://sws.geonames.org/2666218/"},
    {"Norrbottens län", "Norrbotten County", "http://sws.geonames.org/604010/"},
    {"Mälardalen", "Lake Mälaren region", "http://sws.geonames.org/2694555/"},
    {"Gotlands län", "Gotland County", "http://sws.geonames.org/2711508/"},
};

const char* const kLicences[] = {"CC0-1.0", "CC-BY-4.0", "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0"};
const char* const kFrequencies[] = {"ANNUAL", "MONTHLY", "QUARTERLY", "DAILY", "WEEKLY", "IRREG"};

// splitmix64: a small, well-known generator whose output is the same everywhere.
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t limit) { return static_cast<size_t>(next() % limit); }
};

std::string deterministic_uuid(uint64_t a, uint64_t b) {
  char buffer[37];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buffer;
}

bj::object distribution(Random& random, const std::string& base, const char* kind,
                        const char* licence, const Subject& subject, const std::string& year) {
  struct Form {
    const char* format;
    const char* media_type;
    const char* extension;
    const char* label_sv;
    const char* label_en;
  };
  static const Form kForms[] = {
      {"CSV", "text/csv", "csv", "Tabell som CSV", "Table as CSV"},
      {"JSON", "application/json", "json", "Data som JSON", "Data as JSON"},
      {"GEOJSON", "application/geo+json", "geojson", "Geodata som GeoJSON", "Geodata as GeoJSON"},
      {"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
       "Kalkylblad", "Spreadsheet"},
      {"JSON", "application/json", "api", "Öppet API", "Open API"},
  };
  int index = 0;
  std::string wanted(kind);
  for (int candidate = 0; candidate < 5; ++candidate) {
    if (wanted == kForms[candidate].extension) index = candidate;
  }
  const Form& form = kForms[index];
  bool api = wanted == "api";
  bj::object out;
  uint64_t high = random.next();
  out["id"] = deterministic_uuid(high, random.next());
  out["title"] = bj::object{{"sv", std::string(form.label_sv) + ": " + subject.sv + " " + year},
                            {"en", std::string(form.label_en) + ": " + subject.en + " " + year}};
  out["description"] = bj::object{
      {"sv", std::string(subject.sv) + " " + year + ", " + (api ? "via API." : "för nedladdning.")},
      {"en",
       std::string(subject.en) + " " + year + ", " + (api ? "through an API." : "for download.")}};
  out["access_url"] = api ? base + "/api/v1" : base + "/data";
  if (!api) out["download_urls"] = bj::array{base + "/data." + form.extension};
  out["format"] = form.format;
  out["media_type"] = form.media_type;
  out["license"] = licence;
  if (!api) out["byte_size"] = static_cast<int64_t>(1000 + random.below(50'000'000));
  out["availability"] = api ? "AVAILABLE" : "STABLE";
  out["status"] = "COMPLETED";
  return out;
}

}  // namespace

Status load_demo(catalog::OrganizationService& organizations, catalog::DatasetService& datasets,
                 catalog::DataServiceService& data_services, int count,
                 const std::function<void(int, int)>& progress) {
  accounts::Principal system;
  system.user_id = "system";
  system.user_name = "demo";
  system.sysadmin = true;

  for (const auto& organization : kOrganizations) {
    bj::object body{
        {"slug", organization.slug},
        {"name", bj::object{{"sv", organization.name_sv}, {"en", organization.name_en}}},
        {"org_number", organization.org_number},
        {"type", organization.type},
        {"homepage", std::string("https://www.") + organization.domain},
        {"email", std::string("info@") + organization.domain}};
    TRY(organizations.create(system, body));
  }

  constexpr size_t kOrganizationCount = std::size(kOrganizations);
  // Each publisher's first published datasets, for its demo API to serve.
  std::map<std::string, bj::array> served;
  for (int index = 0; index < count; ++index) {
    Random random{0x5a3d'0000ULL + static_cast<uint64_t>(index)};
    const DemoOrganization& publisher = kOrganizations[random.below(kOrganizationCount)];
    // Two thirds of an organisation's datasets are in its own themes, the rest spread over all.
    const char* theme_code = random.below(3) < 2 ? publisher.themes[random.below(2)]
                                                 : themes()[random.below(themes().size())].code;
    const Theme* theme = &themes()[0];
    for (const auto& candidate : themes()) {
      if (std::string(candidate.code) == theme_code) theme = &candidate;
    }
    const Subject& subject = theme->subjects[random.below(theme->subjects.size())];
    const Place& place = kPlaces[random.below(std::size(kPlaces))];
    int first_year = 1990 + static_cast<int>(random.below(30));
    int last_year = first_year + static_cast<int>(random.below(6));
    std::string years = std::to_string(first_year) +
                        (last_year > first_year ? "–" + std::to_string(last_year) : "");
    std::string id = deterministic_uuid(random.next(), random.next());
    std::string base = std::string("https://data.") + publisher.domain + "/" + id.substr(0, 8);
    const char* licence = kLicences[random.below(std::size(kLicences))];

    bj::object body;
    body["id"] = id;
    body["publisher"] = publisher.slug;
    body["title"] = bj::object{{"sv", std::string(subject.sv) + ", " + place.sv + " " + years},
                               {"en", std::string(subject.en) + ", " + place.en + " " + years}};
    body["description"] =
        bj::object{{"sv", std::string(subject.sv) + " i " + place.sv + " för " + years +
                              ". Uppgifterna "
                              "sammanställs av " +
                              publisher.name_sv + " och uppdateras regelbundet."},
                   {"en", std::string(subject.en) + " in " + place.en + " for " + years +
                              ". Compiled by " + publisher.name_en + " and updated regularly."}};
    body["keywords"] = bj::object{{"sv", bj::array{subject.keyword_sv, place.sv}},
                                  {"en", bj::array{subject.keyword_en, place.en}}};
    bj::array theme_list{theme->code};
    if (random.below(4) == 0) {
      const char* second = themes()[random.below(themes().size())].code;
      if (std::string(second) != theme->code) theme_list.push_back(second);
    }
    body["themes"] = std::move(theme_list);
    body["contact_point"] = bj::object{{"kind", "organization"},
                                       {"name", std::string(publisher.name_sv) + ", dataenheten"},
                                       {"email", std::string("data@") + publisher.domain}};
    body["access_rights"] = "PUBLIC";
    body["spatial"] = bj::array{place.geonames};
    body["temporal"] = bj::object{{"start", std::to_string(first_year) + "-01-01"},
                                  {"end", std::to_string(last_year) + "-12-31"}};
    body["frequency"] = kFrequencies[random.below(std::size(kFrequencies))];
    char issued[40];
    std::snprintf(issued, sizeof issued, "%04d-%02d-%02d",
                  2015 + static_cast<int>(random.below(10)), 1 + static_cast<int>(random.below(12)),
                  1 + static_cast<int>(random.below(28)));
    body["issued"] = issued;
    body["modified"] = issued;
    body["landing_page"] = base;
    body["languages"] = random.below(3) == 0 ? bj::array{"SWE", "ENG"} : bj::array{"SWE"};
    body["conforms_to"] = bj::array{"https://www.dataportal.se/specifications/" +
                                    std::string(subject.keyword_en).substr(0, 3)};
    bj::array distributions;
    static const char* const kKinds[] = {"csv", "json", "geojson", "xlsx", "api"};
    size_t distribution_count = 1 + random.below(3);
    for (size_t slot = 0; slot < distribution_count; ++slot) {
      const char* kind = kKinds[(random.below(5) + slot) % 5];
      if (std::string(theme->code) != "REGI" && std::string(kind) == "geojson" && slot > 0)
        kind = "csv";
      distributions.push_back(distribution(random, base, kind, licence, subject, years));
    }
    body["distributions"] = std::move(distributions);
    // A few drafts and private datasets, so that visibility rules show in the demo.
    if (index % 50 == 7) body["state"] = "draft";
    if (index % 97 == 11) body["private"] = true;
    bool listed = !body.contains("state") && !body.contains("private");
    TRY(datasets.create(system, body));
    if (auto& list = served[publisher.slug]; listed && list.size() < 5)
      list.push_back(bj::value(id));
    if (progress && (index + 1) % 1000 == 0) progress(index + 1, count);
  }
  if (progress && count % 1000 != 0) progress(count, count);
  // One API per publisher that has datasets.
  for (const auto& organization : kOrganizations) {
    auto found = served.find(organization.slug);
    if (found == served.end() || found->second.empty()) continue;
    std::string endpoint = std::string("https://api.") + organization.domain + "/open/v1";
    bj::object body{
        {"publisher", organization.slug},
        {"title", bj::object{{"sv", std::string(organization.name_sv) + " – öppet API"},
                             {"en", std::string(organization.name_en) + " – open API"}}},
        {"description",
         bj::object{{"sv", std::string("Ett REST-API med ") + organization.name_sv +
                               ":s öppna data som JSON och CSV, fritt att använda."},
                    {"en", std::string("A REST API to the open data of ") + organization.name_en +
                               " as JSON and CSV, free to use."}}},
        {"endpoint_url", endpoint},
        {"serves_datasets", found->second}};
    TRY(data_services.create(system, body));
  }
  return {};
}

}  // namespace samverka::app
