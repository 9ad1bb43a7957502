//! Small closed word lists: reporting verbs, titles, pronouns, first names with
//! their usual gender, and words that introduce titles of works.
//!
//! Hand-written lists rather than a lexicon crate: they are short, English-news
//! specific, and tuned against the attribution corpus.

/// How a reporting verb relates to its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// Finite verb: the speaker is its subject ("Smith said") or follows it ("said Smith").
    Finite,
    /// Participle ("saying", "adding"): the speaker is the subject of the main clause.
    Participle,
}

/// Reporting verbs (lowercase surface forms).
const FINITE: &[&str] = &[
    "said", "says", "say", "told", "tells", "tell", "wrote", "writes", "write", "added", "adds", "explained",
    "explains", "asked", "asks", "argued", "argues", "noted",  "insisted", "insists", "tweeted", "tweets",
    "posted",  "stated",  "continued", "continues", "recalled", "recalls", "warned", "warns",
    "claimed",  "replied", "replies", "responded", "responds", "declared", "declares", "announced",
    "announces", "admitted", "admits", "acknowledged", "acknowledges", "conceded", "concedes", "complained",
    "complains", "confirmed", "confirms", "contended", "contends", "suggested", "suggests", "predicted", "predicts",
    "remarked",  "observed", "observes", "joked",  "quipped", "quips", "boasted",  "vowed",
     "promised",  "pledged",  "urged", "urges", "concluded", "concludes", "called",
    "calls", "described", "describes", "repeated", "repeats", "emphasized", "emphasizes", "stressed", "stresses",
    "maintained", "maintains", "asserted", "asserts", "countered",  "shouted", "shouts", "yelled",
    "reported",    "testified", "testifies",   "alleged", "alleges",
    "lamented", "laments", "mused",  "proclaimed", "proclaims", "denied", "denies", "blasted", "blasts",
    "slammed", "slams", "mocked", "mocks", "cautioned", "cautions", "chimed", "interjected", "interrupted",
    "demanded",      "wondered", "wonders", "texted", "emailed",
    "messaged", "whispered", "screamed", "cried", "exclaimed", "retorted", "answered",  "opined",
    "pointed",  "thundered", "declared", "told", "agreed", "agrees", "recounted", "recounts", "described",
      "dubbed",   "reiterated", "reiterates", "bragged", "touted",
    "implored", "pleaded", "begged", "hinted", "speculated", "surmised",  "chanted", "sang", 
    "assured", "reminded", "quoted", "adding", "dismissed", "blamed", "defended", "referred",
    "branded", "decried", "praised", "accused", "hailed", "cited", "denounced", "proposed", "criticized",
    "criticised", "condemned", "attacked", "hammered", "ridiculed", "derided", "dismisses", "blames", "defends",
    "refers", "brands", "decries", "praises", "accuses", "hails", "cites", "denounces", "proposes", "criticizes",
    "condemns", "attacks", "ridicules", "derides", "labeled", "labelled", "termed", "characterized", "deemed",
    "considered", "considers", "welcomed", "rejected", "rejects", "applauded", "celebrated", "questioned",
    "disputed", "endorsed", "embraced", "championed", "promoted", "pitched", "framed", "portrayed", "painted",
    "likened", "compared", "mentioned", "mentions", "invoked", "invokes", "signaled", "indicated", "expressed",
    "voiced", "thanked", "apologized", "highlighted", "underscored", "nicknamed", "offered", "read",
];

const PARTICIPLE: &[&str] = &[
    "saying", "telling", "writing", "adding", "explaining", "asking", "arguing", "noting", "insisting", "tweeting",
    "posting", "stating", "continuing", "recalling", "warning", "claiming", "replying", "responding", "declaring",
    "announcing", "admitting", "acknowledging", "conceding", "complaining", "confirming", "contending",
    "suggesting", "predicting", "remarking", "observing", "joking", "quipping", "boasting", "vowing", "promising",
    "pledging", "urging", "concluding", "calling", "describing", "repeating", "emphasizing", "stressing",
    "maintaining", "asserting", "countering", "shouting", "charging", "alleging", "lamenting", "proclaiming",
    "denying", "mocking", "cautioning", "demanding", "labeling", "dubbing", "reiterating", "bragging", "touting",
    "pleading", "assuring", "reminding", "quoting", "captioning", "captioned",
];

/// The cue kind of a lowercase word, if it is a reporting verb.
pub(crate) fn cue_kind(lower: &str) -> Option<CueKind> {
    if lower == "adding" || PARTICIPLE.contains(&lower) {
        Some(CueKind::Participle)
    } else if FINITE.contains(&lower) {
        Some(CueKind::Finite)
    } else {
        None
    }
}

/// Titles and honorifics dropped from the front of a name ("Sen. Ted Cruz" → "Ted Cruz").
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov", "governor", "president",
    "secretary", "gen", "general", "rev", "reverend", "prof", "professor", "former", "speaker", "house", "senate",
    "vice", "chairman", "chairwoman", "chair", "attorney", "judge", "justice", "mayor", "lt", "col", "capt",
    "sgt", "adm", "admiral", "cmdr", "sir", "dame", "lord", "lady", "pope", "rabbi", "father", "sister", "brother",
    "democratic", "republican", "gop", "democrat", "independent", "candidate", "nominee", "majority", "minority",
    "leader", "whip", "state", "assemblyman", "assemblywoman", "councilman", "councilwoman", "sheriff", "chief",
    "officer", "director", "ambassador", "minister", "prime", "deputy", "acting", "presidential", "hopeful",
    "billionaire", "businessman", "businesswoman", "host", "anchor", "actor", "actress", "singer", "rapper",
    "author", "commentator", "pundit", "strategist", "spokesman", "spokeswoman", "spokesperson", "press",
    "u.s", "u.s.", "us", "texas", "florida", "ohio", "new", "jersey", "york", "congressman", "congresswoman",
    "superintendent", "commissioner", "ceo", "founder", "chairperson", "treasurer", "comptroller", "auditor",
    "first", "senior", "junior", "gov.", "sen.", "rep.", "mr.", "mrs.", "ms.", "dr.", "lt.", "gen.", "rev.",
    "prof.", "capt.", "col.", "sgt.", "pres.", "atty.", "hon.", "mx", "retired", "representatives", "senators",
    "sens", "reps", "govs", "gens", "adviser", "advisor", "aide", "economist", "analyst", "pollster", "lawyer",
    "professor", "chancellor", "premier", "king", "queen", "prince", "princess", "emperor", "sultan", "rabbi",
    "cardinal", "bishop", "archbishop", "imam", "mullah", "sheikh", "ayatollah", "colonel", "major", "captain",
    "sergeant", "lieutenant", "corporal", "private", "detective", "inspector", "agent", "coach", "dean",
    "provost", "rector", "principal", "trustee", "delegate", "elector", "nominee", "secretary-general",
    "mexican", "japanese", "chinese", "british", "french", "german", "russian", "iranian", "israeli",
    "canadian", "australian", "indian", "italian", "spanish", "turkish", "syrian", "iraqi", "afghan",
    "pakistani", "saudi", "egyptian", "korean", "philippine", "filipino", "cuban", "venezuelan", "brazilian",
    "ukrainian", "polish", "dutch", "swedish", "norwegian", "irish", "scottish", "european",
];

/// True if the lowercase word (with or without a trailing full stop) is a title.
pub(crate) fn is_title(lower: &str) -> bool {
    let w = lower.trim_end_matches('.');
    TITLES.contains(&w) || TITLES.contains(&lower)
}

/// Personal pronouns that can be the source of a quote.
pub(crate) fn pronoun_gender(lower: &str) -> Option<Gender> {
    match lower {
        "he" | "him" | "his" => Some(Gender::Male),
        "she" | "her" | "hers" => Some(Gender::Female),
        "they" | "we" | "i" | "it" | "you" => Some(Gender::Unknown),
        _ => None,
    }
}

/// The gender a name or pronoun suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

const MALE: &[&str] = &[
    "aaron", "adam", "al", "alan", "albert", "alec", "alex", "alexander", "andrew", "andy", "anthony", "antonin",
    "arnold", "barack", "barney", "ben", "benjamin", "bernie", "bill", "billy", "bob", "bobby", "brad", "brian",
    "bruce", "bryan", "carl", "carlos", "charles", "charlie", "chris", "christopher", "chuck", "clarence", "corey",
    "craig", "dan", "daniel", "danny", "darrell", "dave", "david", "dennis", "dick", "don", "donald", "doug",
    "douglas", "ed", "eddie", "edward", "elijah", "eric", "frank", "fred", "gary", "george", "gerald", "glenn",
    "greg", "gregory", "harry", "henry", "herman", "howard", "ian", "jack", "jake", "james", "jared", "jason",
    "jay", "jeb", "jeff", "jeffrey", "jeremy", "jerry", "jesse", "jim", "jimmy", "joe", "joel", "john", "johnny",
    "jon", "jonathan", "jorge", "jose", "joseph", "josh", "joshua", "juan", "julian", "justin", "keith", "ken",
    "kenneth", "kevin", "kurt", "larry", "lee", "lindsey", "louis", "luis", "marco", "mark", "martin", "marty",
    "matt", "matthew", "michael", "mike", "mitch", "mitt", "newt", "nick", "nicholas", "paul", "pete", "peter",
    "phil", "philip", "ralph", "rand", "randy", "ray", "raymond", "reince", "richard", "rick", "rob", "robert",
    "roger", "ron", "ronald", "rudy", "rush", "russell", "ryan", "sam", "samuel", "scott", "sean", "sergey",
    "stephen", "steve", "steven", "ted", "terry", "thomas", "tim", "timothy", "todd", "tom", "tommy", "tony",
    "trey", "vladimir", "walter", "wayne", "william", "willie", "xavier", "zach", "joaquin", "julian", "corey",
    "mitch", "harry", "bernard", "hillel", "jorge", "marcus", "jeremiah", "elliot", "eliot", "benjamin", "jamie",
    "roy", "rahm", "lincoln", "martin", "ari", "stuart", "stewart", "neil", "kyle", "keith", "wolf", "chad",
    "rafael", "romeo", "leonardo", "eduardo", "andros", "ireland", "matthew", "hunter", "beau", "lanny",
];

const FEMALE: &[&str] = &[
    "abby", "alice", "alison", "amanda", "amy", "andrea", "angela", "ann", "anna", "anne", "barbara", "betsy",
    "beth", "betty", "brenda", "carly", "carol", "caroline", "catherine", "cathy", "chelsea", "cheryl", "christine",
    "christina", "claire", "cynthia", "dana", "debbie", "deborah", "diane", "donna", "dorothy", "elaine",
    "elizabeth", "ellen", "emily", "emma", "gennifer", "gina", "gloria", "hannah", "heather", "heidi", "helen",
    "hilaria", "hillary", "hope", "huma", "ivanka", "jane", "janet", "janice", "jeanne", "jennifer", "jessica",
    "jill", "joan", "joanne", "jodi", "joni", "judith", "judy", "julia", "julie", "karen", "kate", "katherine",
    "kathleen", "kathy", "katie", "kay", "kellyanne", "kim", "kimberly", "kirsten", "laura", "lauren", "linda",
    "lisa", "loretta", "lori", "louise", "lucia", "lynn", "madeleine", "margaret", "maria", "marie", "marsha",
    "martha", "mary", "megyn", "melania", "melissa", "michelle", "monica", "nancy", "nicole", "nikki", "olivia",
    "pam", "pamela", "patricia", "patty", "paula", "rachel", "rebecca", "robin", "rosa", "ruth", "sally",
    "samantha", "sandra", "sara", "sarah", "sharon", "sheila", "shirley", "sonia", "stephanie", "sue", "susan",
    "suzanne", "teresa", "theresa", "tina", "tracy", "valerie", "victoria", "virginia", "wendy", "zoe", "halyna",
    "carmen", "hannah", "jeanine", "katy", "kelly", "keisha", "kamala", "tulsi", "mazie", "tammy", "elena",
    "condoleezza", "condi", "meghan", "mika", "rachael", "tara", "dana", "ana", "ayanna", "ilhan", "alexandria",
    "jan", "lynne", "nina", "erin", "stacey", "marianne", "pramila", "janet", "leslie", "cecile", "neera", "jen",
    "jennifer", "jen", "donna", "brianna", "bree", "amelia", "margo", "colleen", "dianne", "gwen", "tamara",
];

/// Gender suggested by a first name (lowercase).
pub(crate) fn first_name_gender(lower: &str) -> Option<Gender> {
    if FEMALE.contains(&lower) {
        Some(Gender::Female)
    } else if MALE.contains(&lower) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// Gender suggested by an honorific.
pub(crate) fn title_gender(lower: &str) -> Option<Gender> {
    match lower.trim_end_matches('.') {
        "mr" | "sir" | "lord" | "father" | "brother" | "congressman" | "assemblyman" | "councilman" | "chairman"
        | "spokesman" | "businessman" | "actor" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "lady" | "dame" | "sister" | "congresswoman" | "assemblywoman" | "councilwoman"
        | "chairwoman" | "spokeswoman" | "businesswoman" | "actress" => Some(Gender::Female),
        _ => None,
    }
}

/// Capitalised words that are never (part of) a person's name.
const NOT_NAME: &[&str] = &[
    "the", "a", "an", "and", "but", "or", "in", "on", "at", "of", "for", "to", "from", "by", "with", "as", "if",
    "when", "while", "after", "before", "during", "since", "though", "although", "because", "so", "yet", "then",
    "still", "also", "now", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "who", "what", "why", "how", "where", "which",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "today",
    "yesterday", "tomorrow", "tonight", "not", "no", "yes", "mr", "some", "many", "one", "two", "all", "every",
    "instead", "meanwhile", "however", "asked", "said", "says", "according", "speaking", "later", "earlier",
    "again", "even", "just", "only", "both", "each", "other", "another", "such", "do", "does", "did", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "must", "might",
    "like", "unlike", "about", "over", "under", "into", "through", "against", "among", "between", "without",
    "within", "upon", "asked", "more", "most", "last", "next", "first", "new", "old", "good", "well", "oh", "ok",
    "okay", "dear", "thank", "thanks", "please", "sorry", "hey", "hello", "wow", "am", "pm", "a.m", "p.m", "est",
    "edt", "cst", "pst", "update", "updated", "related", "watch", "read", "photo", "video", "getty", "images",
    "ap", "reuters", "cnn", "fox", "msnbc", "abc", "cbs", "nbc", "news", "twitter", "facebook", "instagram",
    "youtube", "breitbart", "politico", "post", "times", "journal", "associated", "press", "white", "house",
    "congress", "senate", "republicans", "democrats", "republican", "democratic", "democrat", "gop", "america",
    "american", "americans", "united", "states", "u.s", "u.s.", "washington", "iowa", "hampshire", "york",
    "carolina", "california", "texas", "florida", "ohio", "nevada", "virginia", "pennsylvania", "michigan",
    "wisconsin", "colorado", "arizona", "georgia", "party", "campaign", "committee", "department", "state",
    "court", "supreme", "federal", "national", "obamacare", "isis", "fbi", "cia", "nsa", "epa", "irs", "dnc",
    "rnc", "un", "nato", "eu", "uk", "mexico", "china", "russia", "iran", "israel", "syria", "iraq", "god",
    "christmas", "easter", "thanksgiving", "university", "college", "school", "street", "avenue", "city", "county",
    "north", "south", "east", "west", "central", "jr", "sr",
];

/// True if the lowercase word can never be a name token.
pub(crate) fn not_name(lower: &str) -> bool {
    NOT_NAME.contains(&lower.trim_end_matches('.'))
}

/// Words right before a quotation that mark it as the title of a work or a
/// name rather than speech ("the film “Rust”", "appeared on “Meet the Press”").
const TITLE_INTRO: &[&str] = &[
    "film", "movie", "documentary", "show", "series", "book", "novel", "memoir", "song", "album", "titled",
    "entitled", "headlined", "headline", "program", "programme", "column", "op-ed", "article", "editorial",
    "magazine", "newspaper", "play", "musical", "episode", "hashtag", "sitcom",
    "podcast", "poem", "slogan", "video", "ad", "advertisement", "campaign", "initiative", "act", "bill", "tour",
    "sketch", "segment", "essay", "study", "blog", "hit", "single", "opera", "painting",
    "exhibit", "exhibition", "game", "brand", "label", "on", "watched", "starred", "star", "host",
    "hosts", "hosted", "titled", "term", "motto", "tagline", "theme", "podcast", "broadcast", "author",
];

/// True if the lowercase word introduces a title of a work or a label.
pub(crate) fn is_title_intro(lower: &str) -> bool {
    TITLE_INTRO.contains(&lower)
}

/// Adverbs and auxiliaries that may stand between a subject and its reporting verb.
const ADVERBS: &[&str] = &[
    "also", "then", "later", "has", "had", "have", "once", "previously", "recently", "repeatedly", "famously",
    "reportedly", "would", "will", "was", "quickly", "again", "simply", "flatly", "bluntly", "further", "first",
    "finally", "often", "frequently", "publicly", "privately", "long", "earlier", "subsequently", "still", "just",
    "even", "only", "never", "always", "recently", "angrily", "candidly", "calmly", "proudly", "sarcastically",
    "jokingly", "told", "emphatically", "openly", "tearfully", "loudly", "softly", "quietly", "memorably",
    "succinctly", "simply", "had", "did", "does", "may", "might", "could", "can", "is", "are", "were", "been",
    "not", "reportedly", "allegedly", "apparently", "immediately", "elsewhere", "directly", "herself", "himself",
    "themselves", "himself", "personally", "accurately", "correctly", "wrongly", "falsely", "sharply", "later",
];

/// True if the lowercase word may sit between a subject and its verb.
pub(crate) fn is_adverb(lower: &str) -> bool {
    ADVERBS.contains(&lower) || (lower.ends_with("ly") && lower.len() > 4)
}

/// Words that end a noun phrase when walking backwards from a verb.
const NP_BREAK: &[&str] = &[
    "that", "and", "but", "or", "when", "because", "as", "while", "if", "after", "before", "since", "though",
    "although", "which", "where", "whom", "whose", "what", "why", "how", "so", "than", "then", "even", "once",
    "until", "unless", "whether", "said", "says", "told", "is", "are", "was", "were", "has", "have", "had", "be",
    "been", "being", "not", "to", "in", "on", "during", "by", "with", "into", "from", "about", "over", "through",
    "against", "like", "also", "who", "it's", "there", "here",
];

/// True if the lowercase word ends a noun phrase.
pub(crate) fn is_np_break(lower: &str) -> bool {
    NP_BREAK.contains(&lower)
}

/// Name particles that may appear in lowercase inside a name.
pub(crate) fn is_particle(lower: &str) -> bool {
    matches!(lower, "de" | "da" | "del" | "della" | "di" | "van" | "von" | "der" | "den" | "la" | "le" | "bin" | "al" | "dos" | "du")
}
