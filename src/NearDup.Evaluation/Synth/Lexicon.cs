namespace NearDup.Evaluation.Synth;

/// <summary>
/// The built-in word lists of the synthetic prose: common English news words, most frequent first, padded with
/// made-up words, names and places built from syllables so that the vocabulary has a long Zipfian tail.
/// </summary>
internal static class Lexicon
{
    public static readonly string[] Nouns =
    [
        "government", "people", "year", "minister", "president", "country", "police", "company", "state", "official",
        "time", "week", "percent", "market", "city", "group", "report", "plan", "deal", "month", "party", "court",
        "election", "bank", "price", "war", "leader", "day", "law", "agency", "statement", "health", "water", "region",
        "family", "workers", "children", "economy", "security", "budget", "vote", "talks", "forces", "attack", "case",
        "investigation", "decision", "support", "policy", "trade", "industry", "prices", "shares", "investors", "growth",
        "inflation", "rates", "sales", "profit", "revenue", "energy", "oil", "gas", "power", "project", "program",
        "system", "service", "services", "school", "schools", "hospital", "patients", "doctors", "village", "area",
        "border", "army", "troops", "military", "ceasefire", "protest", "protesters", "crowd", "residents", "victims",
        "storm", "flood", "fire", "rain", "drought", "harvest", "farmers", "crops", "food", "aid", "funding", "tax",
        "taxes", "debt", "loan", "bonds", "currency", "exports", "imports", "factory", "plant", "jobs", "unemployment",
        "wages", "union", "strike", "council", "committee", "parliament", "lawmakers", "senate", "mayor", "governor",
        "spokesman", "spokeswoman", "director", "chief", "executive", "board", "chairman", "members", "voters",
        "campaign", "candidate", "coalition", "opposition", "ministry", "department", "office", "authorities", "rules",
        "regulators", "network", "internet", "data", "technology", "software", "phone", "users", "customers", "survey",
        "study", "research", "scientists", "university", "students", "teachers", "team", "season", "match", "game",
        "coach", "players", "fans", "stadium", "title", "record", "road", "bridge", "port", "airport", "flights",
        "train", "railway", "ship", "vessel", "coast", "river", "island", "valley", "mountain", "forest", "land",
        "housing", "homes", "rent", "property", "construction", "contract", "agreement", "treaty", "summit", "meeting",
        "visit", "trip", "talks", "dispute", "conflict", "crisis", "risk", "threat", "warning", "damage", "loss",
        "losses", "cost", "costs", "increase", "decline", "rise", "fall", "change", "reform", "proposal", "bill",
        "measure", "sanctions", "exports", "supply", "demand", "shortage", "fuel", "electricity", "grid", "weather",
        "temperature", "emergency", "rescue", "hospitalization", "vaccine", "disease", "outbreak", "cases", "deaths",
        "officers", "suspect", "charges", "trial", "judge", "prosecutors", "lawyer", "prison", "sentence", "evidence",
        "witness", "incident", "accident", "crash", "explosion", "blast", "damage", "district", "province", "capital",
        "neighborhood", "center", "museum", "festival", "film", "book", "music", "artist", "history", "future",
    ];

    public static readonly string[] Adjectives =
    [
        "new", "former", "local", "national", "public", "major", "last", "first", "next", "second", "large", "small",
        "high", "low", "long", "early", "late", "recent", "final", "top", "senior", "foreign", "economic", "political",
        "military", "federal", "regional", "international", "global", "financial", "social", "private", "key", "main",
        "major", "serious", "strong", "weak", "heavy", "sharp", "significant", "annual", "quarterly", "daily", "full",
        "official", "independent", "interim", "temporary", "emergency", "rural", "urban", "northern", "southern",
        "eastern", "western", "central", "coastal", "industrial", "digital", "environmental", "legal", "medical",
        "critical", "possible", "likely", "unclear", "controversial", "popular", "historic", "rare", "further",
        "additional", "initial", "joint", "special", "previous", "current", "growing", "rising", "falling", "higher",
        "lower", "wider", "broader", "direct", "complete", "partial", "limited", "severe", "minor", "fresh", "domestic",
    ];

    public static readonly string[] Verbs =
    [
        "said", "announced", "reported", "added", "told", "warned", "called", "agreed", "confirmed", "expected",
        "plans", "made", "took", "gave", "launched", "approved", "rejected", "signed", "raised", "cut", "increased",
        "reduced", "opened", "closed", "won", "lost", "killed", "injured", "arrested", "charged", "accused", "denied",
        "blamed", "urged", "criticized", "welcomed", "promised", "proposed", "introduced", "passed", "backed",
        "opposed", "met", "visited", "left", "returned", "moved", "hit", "struck", "damaged", "destroyed", "built",
        "sold", "bought", "acquired", "invested", "spent", "paid", "earned", "posted", "reached", "faced", "received",
        "sent", "deployed", "evacuated", "rescued", "found", "discovered", "published", "released", "showed",
        "suggested", "estimated", "forecast", "predicted", "noted", "stressed", "described", "declined", "refused",
        "suspended", "resumed", "delayed", "ordered", "banned", "allowed", "required", "completed", "started",
        "ended", "extended", "expanded", "covered", "included", "joined", "led", "followed", "prompted", "sparked",
        "triggered", "boosted", "slowed", "eased", "tightened", "lifted", "imposed", "restored", "held", "kept",
    ];

    public static readonly string[] Prepositions =
    [
        "in", "of", "to", "for", "on", "with", "at", "by", "from", "after", "over", "about", "during", "against",
        "into", "under", "before", "between", "across", "since", "without", "near", "through", "amid", "despite",
        "toward", "within", "outside", "ahead of", "according to",
    ];

    public static readonly string[] Adverbs =
    [
        "also", "still", "already", "now", "later", "again", "recently", "quickly", "sharply", "nearly", "largely",
        "currently", "previously", "immediately", "publicly", "formally", "slightly", "widely", "directly", "finally",
    ];

    public static readonly string[] Conjunctions = ["and", "but", "while", "as", "although", "because", "after", "before", "when"];

    public static readonly string[] Determiners = ["the", "a", "its", "their", "this", "his", "her", "some", "another", "every"];

    public static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly string[] FirstNames =
    [
        "John", "Maria", "David", "Anna", "Michael", "Elena", "James", "Sofia", "Peter", "Laura", "Ahmed", "Fatima",
        "Carlos", "Ines", "Thomas", "Olga", "Daniel", "Yuki", "Robert", "Amina", "Paul", "Nadia", "Mark", "Priya",
        "Andrew", "Leila", "Stefan", "Marta", "Hassan", "Claire", "Ivan", "Grace", "Martin", "Ana", "Samuel", "Irina",
        "Joseph", "Chen", "Omar", "Helen", "Victor", "Rosa", "George", "Lucia", "Kenji", "Emma", "Pavel", "Sara",
    ];

    public static readonly string[] Titles =
        ["Prime Minister", "President", "Minister", "Senator", "Governor", "Mayor", "General", "Judge", "Chief Executive", "Professor"];

    public static readonly string[] OrganizationKinds =
    [
        "Ministry of Finance", "Ministry of Health", "Central Bank", "Port Authority", "Supreme Court", "Chamber of Commerce",
        "Energy Agency", "Statistics Office", "Football Club", "University", "Police Department", "Water Board",
        "Transport Ministry", "Electoral Commission", "Workers Union", "Development Bank",
    ];

    public static readonly string[] Outlets =
    [
        "Wire", "Daily Ledger", "Morning Post", "Evening Courier", "Herald", "Tribune", "Gazette", "Observer",
        "Chronicle", "News Agency", "Times", "Independent", "Dispatch", "Sentinel", "Record",
    ];

    /// <summary>Short phrases every news text uses; they make unrelated documents share short n-grams, as real news does.</summary>
    public static readonly string[] CommonPhrases =
    [
        "the government said", "officials said", "in a statement", "told reporters", "last year", "this week",
        "for the first time", "at least", "more than", "the prime minister", "the central bank", "in recent years",
        "people familiar with the matter", "on condition of anonymity", "the United States", "the European Union",
        "it was not clear", "a spokesman for", "in an interview", "earlier this month", "over the past decade",
        "the interior ministry", "local media reported", "according to the report", "the number of", "as well as",
        "one of the", "in the coming weeks", "a series of", "the rest of the",
    ];

    /// <summary>
    /// Whole sentences that recur across unrelated stories of one kind (boilerplate-like); kept under 15 words so
    /// that, never placed side by side, they cannot make a 20-word run shared by two unrelated documents.
    /// </summary>
    public static readonly string[] BoilerplateSentences =
    [
        "The company did not immediately respond to a request for comment.",
        "The ministry declined to comment on the matter.",
        "Police said an investigation was under way.",
        "This story has been updated with additional details.",
        "Further details were not immediately available.",
        "Shares of the company were little changed in early trading.",
        "The talks are expected to continue next week.",
        "Officials did not say when the work would be completed.",
        "It was not immediately clear how many people were affected.",
        "The agency said it would release more information later.",
        "No one was injured in the incident, officials said.",
        "The results are due to be published later this year.",
    ];

    public static readonly string[] TeaserHeaders =
        ["Other Topics of Interest", "Read more:", "Related stories", "Most read", "You may also like", "Also on this site"];

    public static readonly string[] Syllables =
    [
        "bar", "vel", "tor", "mar", "ken", "dal", "ros", "lin", "ver", "sol", "tam", "bri", "gor", "hal", "nes", "pel",
        "ran", "sev", "tel", "ul", "vor", "zan", "cor", "dre", "fal", "gan", "hes", "jor", "kal", "lor", "mon", "nor",
        "os", "pra", "quin", "ril", "sta", "tru", "val", "wen", "ash", "bel", "cas", "den", "el", "fen", "gil", "hol",
    ];

    public static readonly string[] NounEndings = ["ment", "ion", "ance", "age", "ery", "ure", "ism", "ness", "ing", "ory"];

    public static readonly string[] AdjectiveEndings = ["ic", "al", "ous", "ive", "ian", "ary", "ish", "ent"];

    public static readonly string[] PlaceEndings = ["brook", "holm", "ford", "ville", "burg", "stad", "mouth", "field", "gate", "haven", "ia", "ton"];

    public static readonly string[] SurnameEndings = ["son", "ov", "ez", "ski", "er", "ini", "berg", "ard", "ek", "ley", "ani", "os"];
}
