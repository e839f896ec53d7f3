// SPDX-License-Identifier: Apache-2.0
// The words Swedish public data is described with, and their English equivalents: FreeDict's
// Swedish-English dictionaries are small (about 5,000 words each way) and miss much of the
// vocabulary of statistics and administration (kommun, län, utsläpp, arbetslöshet). Base forms
// only; the search analyses inflections and compounds itself. One line per Swedish word, in
// alphabetical order: swedish, a tab, English words or phrases separated by commas.
#include "search/bilingual_dictionary.h"

namespace samverka::search {

namespace {

constexpr const char* kGlossary = R"glossary(
adress	address
andel	share, proportion, percentage
anhörig	relative, family member
anmälan	report, notification
anställd	employee
anställning	employment
antal	number, count
arbetare	worker
arbete	work, labour, job
arbetsförmedling	employment service
arbetsgivare	employer
arbetskraft	labour force, workforce
arbetskraftsundersökning	labour force survey
arbetslös	unemployed
arbetslöshet	unemployment
arbetsmarknad	labour market
arbetsmiljö	work environment, working environment
arbetsplats	workplace
arbetstagare	employee
arbetstid	working time, working hours
areal	area
arkiv	archive
art	species
asyl	asylum
asylsökande	asylum seeker
avfall	waste
avgift	fee, charge
avlopp	sewage, wastewater
badplats	bathing site, beach
bakgrund	background
barn	child, children
barnomsorg	childcare
bebyggelse	buildings, built environment
befolkning	population
befolkningsförändring	population change
befolkningstäthet	population density
begravning	funeral, burial
behörighet	eligibility
beslut	decision
besökare	visitor
betesmark	pasture
betyg	grade, grades
bibliotek	library
bil	car
bilaga	appendix
biltrafik	car traffic
biologisk mångfald	biodiversity
bistånd	aid, assistance
bo	live
boende	housing, residence
bok	book
bostad	dwelling, housing, home
bostadsområde	residential area
bostadsrätt	cooperative apartment, condominium
brand	fire
bransch	industry, sector
bro	bridge
brott	crime, offence
brottslighet	crime
bränsle	fuel
budget	budget
buller	noise
buss	bus
busshållplats	bus stop
bygglov	building permit
byggnad	building
civilstånd	marital status
cykel	bicycle, bike, cycle
cykelbana	cycle lane, cycle path
cykelväg	cycle path, cycleway
dag	day
dagvatten	stormwater
data	data
datamängd	dataset
deklaration	tax return, declaration
deltagande	participation
detaljplan	zoning plan, detailed development plan
djur	animal
djurart	animal species
domstol	court
däggdjur	mammal
död	death, dead
dödfödd	stillborn, stillbirth
dödlighet	mortality, death rate
dödsfall	death
dödsorsak	cause of death
dödsorsaksregister	cause of death register
dödstal	death rate, mortality rate
efternamn	surname, last name
egenföretagare	self-employed
ekonomi	economy, finance
ekonomiskt bistånd	financial assistance
el	electricity
elbil	electric car
elev	pupil, student
elfiske	electrofishing
elförbrukning	electricity consumption
energi	energy
energianvändning	energy use, energy consumption
examen	degree, exam
facklig	union, trade union
fader	father
familj	family
far	father
fartyg	ship, vessel
fastighet	property, real estate
fattigdom	poverty
fisk	fish
fiske	fishing, fishery
fjäll	mountain
fjäril	butterfly
fjärrvärme	district heating
flygplats	airport
flykting	refugee
flyktning	refugee
flytt	move, migration
flyttning	migration, relocation, move
folkhälsa	public health
folkmängd	population
folkomröstning	referendum
fordon	vehicle
fornlämning	ancient monument
forskning	research
fosfor	phosphorus
friluftsliv	outdoor recreation
fruktsamhet	fertility
fruktsamhetstal	fertility rate
frånvaro	absence
funktionsnedsättning	disability
fynd	find, record, observation
fängelse	prison
fågel	bird
får	sheep
född	born
födda	births
födelse	birth
födelseland	country of birth
företag	company, business, enterprise
företagare	entrepreneur, self-employed
förnamn	first name, given name
förorening	pollution, contamination
förskola	preschool, kindergarten
försurning	acidification
försäkring	insurance
förvaltning	administration, management
förvärvsarbetande	gainfully employed, employed
förälder	parent
gata	street
gatubelysning	street lighting
genomsnitt	average, mean
genomsnittlig	average, mean
geografi	geography
gift	married
giftermål	marriage
glesbygd	sparsely populated area, rural area
gris	pig
grundskola	compulsory school, primary school
grundvatten	groundwater
gräns	border, boundary, limit
gröda	crop
grönområde	green area, green space
gymnasieskola	upper secondary school, high school
gymnasium	upper secondary school, high school
gång	walking
gångväg	footpath
hamn	port, harbour
handel	trade, commerce
hav	sea, ocean
havsnivå	sea level
hemifrån	from home
hemlös	homeless
herbarium	herbarium
hotad	threatened, endangered
hund	dog
hushåll	household
hyra	rent
hyresrätt	rental apartment
hälsa	health
hälsocentral	health centre
häst	horse
högskola	university, college, higher education
idrott	sport, sports
idrottsplats	sports ground
index	index
industri	industry
inflyttning	in-migration, immigration
infrastruktur	infrastructure
inkomst	income
inrikes	domestic
insekt	insect
inspektion	inspection
invandrare	immigrant
invandring	immigration
inventering	inventory, survey
invånare	inhabitant, resident
jakt	hunting
jobb	job
jordbruk	agriculture, farming
jämställdhet	gender equality
järnväg	railway, railroad
kandidat	candidate
kapital	capital
karta	map
klimat	climate
ko	cow
kol	coal, carbon
koldioxid	carbon dioxide
kollektivtrafik	public transport
kommun	municipality
kommunal	municipal, local government
kommunikation	communication
konst	art
konsumtion	consumption
kostnad	cost
kretslopp	recycling, circular
kriminalitet	crime
kultur	culture
kulturarv	cultural heritage
kust	coast, coastal
kvalitet	quality
kvartal	quarter
kvinna	woman
kväve	nitrogen
kvävedioxid	nitrogen dioxide
kyrka	church
kyrkokommunal	church
kärnkraft	nuclear power
kön	sex, gender
landareal	land area
landsbygd	countryside, rural area
landskap	landscape, province
lantbruk	agriculture, farming
lantmäteri	land survey, cadastre
ledighet	leave, vacancy
ledigt jobb	job vacancy
lekplats	playground
levande född	live birth
livslängd	life expectancy, lifespan
livsmedel	food
livsmedelsverk	food agency
lokal	premises, local
luft	air
lufthalt	air concentration
luftkvalitet	air quality
lägenhet	apartment, flat
läkemedel	medicine, drug, pharmaceutical
län	county
lärare	teacher
lärartäthet	teacher density
lån	loan, lending
låntagare	borrower
lön	salary, wage, pay, wages
löneindex	wage index
lönesumma	wage bill, total wages
man	man
mandat	seat, mandate
marin	marine
mark	land, ground, soil
markanvändning	land use
medborgare	citizen
medborgarskap	citizenship
medel	average, mean
medellivslängd	life expectancy
medelålder	average age, mean age
median	median
meteorologi	meteorology
miljö	environment
mjölk	milk
moder	mother
mor	mother
mottagande	reception
museum	museum
mussla	mussel
myndighet	authority, agency
mätning	measurement
mätstation	monitoring station, measuring station
månad	month
månadslön	monthly salary
mångfald	diversity
mönster	pattern
möte	meeting
namn	name
nationalpark	national park
nationell	national
nationellt prov	national test
natur	nature
naturreservat	nature reserve
nederbörd	precipitation, rainfall
nivå	level
nominerad	nominated
nyanställd	new employee, new hire
nybyggnad	new construction
nyckeltal	key figure, indicator
nyfödd	newborn
näringsgren	industry, branch of industry
näringsliv	business, industry
observation	observation, sighting
offentlig	public
offentlig sektor	public sector
ogift	unmarried, single
olycka	accident
omflyttning	migration, relocation
område	area, zone, region
omsorg	care
organisation	organisation, organization
ort	locality, place
ozon	ozone
park	park
parkering	parking
parti	party
partikel	particle
partnerskap	partnership
pendlare	commuter
pendling	commuting
pension	pension
person	person
plan	plan
plankton	plankton
polis	police
politik	politics, policy
pris	price
privat	private
procent	percent, percentage
produktion	production
prognos	forecast, projection
provfiske	test fishing
regering	government
region	region
regional	regional
register	register, registry
rekrytering	recruitment
renhållning	waste collection, sanitation
resa	journey, trip, travel
resande	travellers, passengers
restaurang	restaurant
riksdag	parliament
riksdagsval	parliamentary election, general election
räddningstjänst	fire and rescue service, rescue service
rättsväsende	justice system
rödlistad	red-listed
röst	vote
röstberättigad	eligible voter
sambo	cohabitant, cohabiting
samhälle	society, community
segregation	segregation
sektor	sector
sjukdag	sick day
sjukdom	disease, illness
sjukfrånvaro	sick leave, sickness absence
sjukhus	hospital
sjuklighet	morbidity
sjukskrivning	sick leave
sjukvård	health care, healthcare
sjö	lake
sjöfart	shipping, maritime transport
skaldjur	shellfish
skatt	tax
skattedeklaration	tax return
skild	divorced
skilsmässa	divorce
skog	forest
skogsbruk	forestry
skola	school
skolresultat	school results
skolval	school choice
skydd	protection
skyddad	protected
skyddat område	protected area
skörd	harvest
smittskydd	infection control, communicable disease control
småhus	detached house, single-family house
snö	snow
socialbidrag	social assistance, welfare benefit
socialtjänst	social services
solenergi	solar energy
spannmål	cereals, grain
spindel	spider
sport	sport
spädbarnsdödlighet	infant mortality
spårvagn	tram
stad	city, town
stadsdel	district, neighbourhood
statistik	statistics
statlig	state, central government
statsbudget	state budget, central government budget
ström	current, stream
student	student
studerande	student
studie	study
stuga	cottage
stöd	support, aid, grant
stödja	support
summa	sum, total
svamp	fungus, mushroom
svensk	swedish
sysselsatt	employed
sysselsättning	employment
sysselsättningsgrad	employment rate
tabell	table
tandvård	dental care
taxering	assessment, inventory
temperatur	temperature
tillgänglighet	accessibility
tillstånd	permit, licence, condition
tilltalsnamn	first name, given name
timlön	hourly wage
timme	hour
tjänsteman	salaried employee, white-collar worker
torka	drought
total	total
trafik	traffic
trafikflöde	traffic flow
trafikolycka	traffic accident, road accident
transferering	transfer, transfer payment
transport	transport
trygghet	safety, security
träd	tree
trålning	trawling
tumlare	porpoise
turism	tourism
tätort	urban area, locality
tåg	train
undersökning	survey, study
underutnyttjande	underutilisation, underemployment
ungdom	youth, young people
universitet	university
uppföljning	follow-up, monitoring
upphandling	procurement
utbildning	education
utbildningsnivå	educational attainment, level of education
utflyttning	out-migration, emigration
utländsk	foreign
utrikes	foreign
utrikeshandel	foreign trade
utrymme	space
utsläpp	emission, emissions, discharge
utvandring	emigration
vaccination	vaccination
vakans	vacancy
val	election
vald	elected
valdeltagande	voter turnout, turnout, election participation
valresultat	election results
vandringsled	hiking trail
vatten	water
vattenareal	water area
vattendrag	watercourse, stream, river
vattenkraft	hydropower
vattenkvalitet	water quality
vattenstånd	water level
vattenverk	waterworks
vecka	week
vegetation	vegetation
vete	wheat
vigsel	wedding, marriage
vind	wind
vindkraft	wind power
väder	weather
väg	road
vägnät	road network
väljare	voter
växt	plant
växthusgas	greenhouse gas
vård	care
vårdcentral	health centre
våtmark	wetland
yrke	occupation, profession
zooplankton	zooplankton
ägare	owner
äktenskap	marriage
äldre	elderly, older people
äldreomsorg	elderly care
älv	river
äng	meadow
ängsmark	meadow
änka	widow
änkling	widower
å	river, stream
åker	field
åkermark	arable land
ålder	age
åldersgrupp	age group
år	year
årlig	annual, yearly
återvinning	recycling
ö	island
övergödning	eutrophication
översvämning	flood, flooding
övertid	overtime
övervakning	monitoring, surveillance
)glossary";

}  // namespace

std::vector<BilingualDictionary::Pair> BilingualDictionary::glossary() {
  std::vector<Pair> out;
  std::string_view text(kGlossary);
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string swedish(line.substr(0, tab));
    std::string_view english = line.substr(tab + 1);
    while (!english.empty()) {
      size_t comma = english.find(',');
      std::string_view word = english.substr(0, comma);
      while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
      if (!word.empty()) out.push_back({swedish, std::string(word)});
      english = comma == std::string_view::npos ? std::string_view() : english.substr(comma + 1);
    }
  }
  return out;
}

}  // namespace samverka::search
