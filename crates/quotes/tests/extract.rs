//! Extraction and attribution behaviour on invented news text.

use newsfold_quotes::{QuoteRecord, SpeakerKind, extract_quotes, quotes_for};
use proptest::prelude::*;

fn texts(t: &str) -> Vec<(String, Option<String>)> {
    extract_quotes(t).into_iter().map(|q| (q.text, q.speaker)).collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn interrupted_quote_gives_two_quotes_one_speaker() {
    let t = "Budget talks stall.\n\nSen. Maria Delgado spoke on Tuesday.\n\n\"I am here,\" she said, \"and I will stay until the bill passes.\"";
    assert_eq!(
        texts(t),
        vec![
            ("I am here,".to_string(), s("Maria Delgado")),
            ("and I will stay until the bill passes.".to_string(), s("Maria Delgado"))
        ]
    );
}

#[test]
fn speaker_after_and_before_and_according_to() {
    let t = "Council votes.\n\n“The levy is fair and overdue,” said Mayor Tom Rivera.\n\nCouncilwoman Ana Ortiz disagreed: “We cannot ask families to pay more this winter.”\n\nThe plan would raise “about $4 million a year,” according to Rivera.";
    assert_eq!(
        texts(t),
        vec![
            ("The levy is fair and overdue,".to_string(), s("Tom Rivera")),
            ("We cannot ask families to pay more this winter.".to_string(), s("Ana Ortiz")),
            ("about $4 million a year,".to_string(), s("Tom Rivera")),
        ]
    );
}

#[test]
fn partial_quote_in_paraphrase_and_scare_quotes() {
    let t = "Race tightens.\n\nClinton said she would \"fight for every vote\" in Ohio. The show \"Morning Desk\" aired it. The \"plan\" stalled in committee.";
    let q = texts(t);
    assert_eq!(q, vec![("fight for every vote".to_string(), s("Clinton"))]);
}

#[test]
fn multi_paragraph_quote_each_paragraph_is_a_quote() {
    let t = "Storm hits coast.\n\nGov. Lena Park wrote in a letter: “We will rebuild every home.\n\n“We will not leave anyone behind. Not one family.”\n\nThe letter went out Friday.";
    let q = extract_quotes(t);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].text, "We will rebuild every home.");
    assert!(q[0].unclosed);
    assert_eq!(q[1].text, "We will not leave anyone behind. Not one family.");
    assert_eq!(q[0].speaker.as_deref(), Some("Lena Park"));
    assert_eq!(q[1].speaker.as_deref(), Some("Lena Park"));
}

#[test]
fn nested_quote_stays_in_outer_and_is_listed() {
    let t = "Trial opens.\n\n“He told me ‘run,’ and I ran,” the witness, Joe Kane, said.";
    let q = extract_quotes(t);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "He told me ‘run,’ and I ran,");
    assert_eq!(q[0].nested.len(), 1);
    assert_eq!(q[0].speaker.as_deref(), Some("Joe Kane"));
}

#[test]
fn headline_single_marks_and_colon_speaker() {
    let q = extract_quotes("Kasich: Rivals Are ‘Playing With Fire’ On Trade.\n\nOhio Gov. John Kasich spoke.");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "Playing With Fire");
    assert_eq!(q[0].speaker.as_deref(), Some("John Kasich"));
}

#[test]
fn nyt_double_apostrophes_and_pronoun_resolution() {
    let t = "Vote nears.\n\nSenator Ellen Brooks met donors. ''We are going to win this,'' she said. Her aide, Mark Sun, was quiet.";
    let q = extract_quotes(t);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "We are going to win this,");
    assert_eq!(q[0].speaker.as_deref(), Some("Ellen Brooks"));
    assert_eq!(q[0].speaker_kind, Some(SpeakerKind::Pronoun));
    assert_eq!(q[0].speaker_mention.as_ref().map(|m| m.text.as_str()), Some("she"));
}

#[test]
fn unresolvable_pronoun_is_none() {
    let q = extract_quotes("Notes.\n\n“That is simply not true and never was,” she said.");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker, None);
}

#[test]
fn offsets_are_char_offsets_into_text() {
    let t = "Café owner’s view.\n\n“Prices rose — a lot,” said José Núñez, who runs the café.";
    let a = newsfold_core::Article { id: "a1".into(), text: t.into(), ..Default::default() };
    let recs: Vec<QuoteRecord> = quotes_for(&a);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    let slice: String = t.chars().skip(r.quote_start).take(r.quote_end - r.quote_start).collect();
    assert_eq!(slice, r.quote);
    assert_eq!(r.speaker.as_deref(), Some("José Núñez"));
    let json = serde_json::to_value(r).expect("json");
    let keys: Vec<&str> = json.as_object().map(|o| o.keys().map(|k| k.as_str()).collect()).unwrap_or_default();
    assert_eq!(keys.len(), 5);
    for k in ["id", "quote_start", "quote_end", "quote", "speaker"] {
        assert!(keys.contains(&k), "{k}");
    }
}

#[test]
fn next_sentence_does_not_attribute_a_quote_ending_in_a_full_stop() {
    let t = "Suit filed.\n\nThe firm's lawyer, Dana Pruitt, said Omar Velez was \"chasing headlines with false claims.\" He said Velez signed a strict agreement.";
    assert_eq!(texts(t), vec![("chasing headlines with false claims.".to_string(), s("Dana Pruitt"))]);
}

#[test]
fn interrupted_quote_keeps_speaker_past_a_relative_clause() {
    let t = "Rally ends.\n\n\"You will see a lot of tactics,\" said Rosa Lind, 32, a volunteer who said she planned to march. \"I do not like being arrested, but we must speak.\"";
    let q = texts(t);
    assert_eq!(q.len(), 2);
    assert_eq!(q[1], ("I do not like being arrested, but we must speak.".to_string(), s("Rosa Lind")));
}

#[test]
fn parenthetical_descriptor_and_far_inverted_attributions() {
    let t = "Votes.\n\nSenate leader Hal Brandt (D-Ore.) told reporters that \"a pause is coming soon.\"\n\n\"We cannot keep doing this every single year,\" spokesman Ivo Marsh said.\n\nThe rule is \"a mess from start to finish\" for small towns that rely on it, said Kara Dunne, a planner.";
    assert_eq!(
        texts(t),
        vec![
            ("a pause is coming soon.".to_string(), s("Hal Brandt")),
            ("We cannot keep doing this every single year,".to_string(), s("Ivo Marsh")),
            ("a mess from start to finish".to_string(), s("Kara Dunne")),
        ]
    );
}

#[test]
fn outermost_source_and_clause_cut_by_an_earlier_quote() {
    let t = "Audit.\n\nMayor Leo Grant said the auditors deemed the ledgers \"deeply flawed\" on Monday.\n\nNina Ross called the plan \"reckless\" and warned that it would be \"a disaster for renters.\"";
    assert_eq!(
        texts(t),
        vec![
            ("deeply flawed".to_string(), s("Leo Grant")),
            ("reckless".to_string(), s("Nina Ross")),
            ("a disaster for renters.".to_string(), s("Nina Ross")),
        ]
    );
}

#[test]
fn byline_paragraph_after_a_quote_names_the_speaker() {
    let t = "Claims checked.\n\n\"Wages have not moved in twenty years for most workers.\"\n\n- Tomas Reyes.\n\nThat figure is out of date.";
    assert_eq!(
        texts(t),
        vec![("Wages have not moved in twenty years for most workers.".to_string(), s("Tomas Reyes"))]
    );
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_slices(t in "(\\PC|[\"“”‘’'\n ]){0,300}") {
        let n = t.chars().count();
        for q in extract_quotes(&t) {
            prop_assert!(q.start < q.end && q.end <= n);
            let slice: String = t.chars().skip(q.start).take(q.end - q.start).collect();
            prop_assert_eq!(slice, q.text.clone());
            for (a, b) in &q.nested {
                prop_assert!(a < b && *b <= n);
            }
        }
    }

    #[test]
    fn clustering_never_panics(ts in proptest::collection::vec("(\\PC|[\"“” ]){0,120}", 0..5)) {
        let items: Vec<_> = ts.iter().enumerate().map(|(i, t)| (
            newsfold_quotes::ArticleRef { id: format!("a{i}"), outlet: None, date: None },
            extract_quotes(t),
        )).collect();
        let cl = newsfold_quotes::cluster_quotes(&items);
        for c in &cl {
            prop_assert!(!c.occurrences.is_empty());
            prop_assert!(c.id.starts_with('q'));
        }
    }
}

#[test]
fn name_before_auxiliary_is_the_subject_of_a_participle_cue() {
    // "Okafor has" / "Lindqvist went" / "Okafor did": a surname followed by an
    // auxiliary or a verb is the clause subject, not an opener like "Hours later,"
    let t = "Port deal collapses.\n\nJames Okafor and Greta Lindqvist led the talks.\n\nOkafor has since apologized for the delay, saying “we misjudged the timetable.”\n\nLindqvist went on to say, “Nobody here wanted this outcome at all.”\n\nOkafor did not name his rivals but told reporters, “the harbour board must answer for this.”";
    let got = texts(t);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].1, s("James Okafor"));
    assert_eq!(got[1].1, s("Greta Lindqvist"));
    assert_eq!(got[2].1, s("James Okafor"));
}

#[test]
fn speaker_keeps_the_floor_in_later_sentences_and_paragraphs() {
    let t = "Mill town waits.\n\n“I’m better with tools than with forms,” said Dale Whitcombe, half joking. He has run the lathe line for 19 years. “But I like the work.”\n\nHe stops to wave at a neighbour.\n\n“We will be fine here, one way or another.”";
    let got = texts(t);
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|(_, sp)| *sp == s("Dale Whitcombe")), "{got:?}");
}

#[test]
fn another_name_since_the_attribution_takes_the_floor_away() {
    let t = "Mill town waits.\n\n“I’m better with tools than with forms,” said Dale Whitcombe. His manager, Rosa Quintero, disagrees. “The plant will close by spring, sadly.”\n\nThe union met on Monday.\n\nRosa Quintero spoke first.\n\n“Nobody in this room voted for that plan.”";
    let got = texts(t);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].1, s("Dale Whitcombe"));
    assert_eq!(got[1].1, None, "{got:?}");
    assert_eq!(got[2].1, None, "{got:?}");
}

#[test]
fn byline_paragraph_wins_over_an_earlier_speaker() {
    let t = "Fact check.\n\nMarta Ruiz said the tax plan “would pay for itself.”\n\nThe claim is disputed.\n\n“Shipping firms pay almost nothing in taxes at all.”\n\n- Colin Avery.";
    let got = texts(t);
    assert_eq!(got.last().map(|x| x.1.clone()), Some(s("Colin Avery")), "{got:?}");
}

#[test]
fn irregular_speech_verb_after_quote() {
    let t = "Debate night.\n\nMegan Holt asked about the deficit: “Can it happen here?”\n\n“You know, it happens, right?” Samuel Price went on, as if he hadn’t heard. “But you have to get over it.”";
    let got = texts(t);
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].1, s("Samuel Price"));
    assert_eq!(got[2].1, s("Samuel Price"));
}

#[test]
fn partial_quote_without_reporting_verb_goes_to_the_clause_subject() {
    let t = "Senate fight.\n\nSen. Laura Whitfield and Rep. Omar Haddad clashed again.\n\nWhitfield also bemoaned a climate in which colleagues “simply refuse to listen to each other.”\n\nMoreover, in a letter to Haddad, Whitfield referenced an audit that “found no wrongdoing at all in the program.”\n\nThe “reform package” died in committee.\n\nHaddad’s office called the audit “a whitewash from start to finish, plainly.”";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1, s("Laura Whitfield"));
    assert_eq!(got[1].1, s("Laura Whitfield"));
    // a possessive subject ("Haddad's office") is not the name's own words
    assert_ne!(got[2].1, s("Omar Haddad"));
}

#[test]
fn a_quote_opening_a_new_sentence_is_not_given_the_previous_subject() {
    let t = "Plant closes.\n\nGreta Lindqvist toured the floor on Monday. “This was a hard decision for everyone involved here.”";
    let got = texts(t);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, None);
}

#[test]
fn time_expressions_before_the_verb_are_not_the_speaker() {
    let t = "Leak probe.\n\nSen. Nora Ellison (D-Ore.) last week said the aide was not the source of any “classified” material.\n\nRep. Paul Grady on Monday said the inquiry was “going nowhere fast.”\n\nHouse Republican Tim Vance backed the bill in March, but now said Ellison had “the duty to bring us together.”";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1, s("Nora Ellison"));
    assert_eq!(got[1].1, s("Paul Grady"));
    assert_eq!(got[2].1, s("Tim Vance"));
}

#[test]
fn a_possessive_ends_a_name() {
    let t = "Delegates revolt.\n\nColorado’s Kendra Mills led the push. “We are not going away,” Mills said.";
    let got = texts(t);
    assert_eq!(got, vec![("We are not going away,".to_string(), s("Kendra Mills"))]);
}

#[test]
fn a_prepositional_phrase_after_the_quote_is_not_the_speaker() {
    let t = "Race tightens.\n\n“This will be a real test” for Maria Lopez, said Joan Whitaker, a former governor.\n\nSen. Dan Kessler said the state had become a “winnable state” for Lopez, but said nothing is certain.";
    let got = texts(t);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, s("Joan Whitaker"));
    assert_eq!(got[1].1, s("Dan Kessler"));
}

#[test]
fn transcript_label_inside_the_marks_is_the_speaker() {
    let t = "Sunday shows.\n\nPartial transcript as follows:\n\n\"HARLOW: Will the governor attend the debate tomorrow night?\"\n\n\"MR. O'BRIEN: She will not be attending, and that is final.\"\n\n\"UPDATE: the debate was later postponed by a week.\"";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1, s("Harlow"));
    assert_eq!(got[1].1, s("O'Brien"));
    assert_ne!(got[2].1, s("Update"));
}

#[test]
fn digest_heading_dash_source_colon() {
    let t = "Poll digest.\n\nEARLY POLLS WERE NOT WRONG, JUST TOO EARLY - Dana Whitlock: “Although the polls missed the winner, the error was within the usual range.”";
    let got = texts(t);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, s("Dana Whitlock"));
}

#[test]
fn a_title_case_headline_defines_no_person() {
    let t = "Network Fires Halvorsen Over Social Media Post\n\nThe network dismissed Kurt Halvorsen on Wednesday.\n\n“He crossed a line,” the network said in a statement. \n\n“We could not keep him,” said Mina Rowe, the chief of staff.\n\nSix Halvorsen supporters protested outside. “This is censorship, plain and simple,” Halvorsen said.";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[1].1, s("Mina Rowe"));
    assert_eq!(got[2].1, s("Kurt Halvorsen"));
}

#[test]
fn main_clause_verb_after_an_opening_participle_clause() {
    let t = "Party frets.\n\nRuth Kessler has run the county party since 1998.\n\nWhile predicting the scandal would not sink the ticket, Ms. Kessler sighed: “It is more pain.”\n\nKessler forwards an email to donors that promises “a stronger ground game in every county.”\n\nCorporate lobbyists have called the plan “a giveaway to the biggest donors in town.”";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1, s("Ruth Kessler"));
    assert_eq!(got[1].1, s("Ruth Kessler"));
    assert_ne!(got[2].1, s("Corporate"));
}

#[test]
fn headline_name_says_written_cue_and_adverb_after_name() {
    let t = "Governor ‘The Builder’ Could Fix Transit, Mara Quinn Says\n\nMara Quinn spoke at the forum.\n\nAs the columnist Hedda Lowell had written years earlier, “We just couldn't have a city without its trains.”\n\nThe audit was released on Monday. Quinn clearly erred in saying that the “90 to 95 percent” figure came from the agency.";
    let got = texts(t);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1, s("Mara Quinn"));
    assert_eq!(got[1].1, s("Hedda Lowell"));
    assert_eq!(got[2].1, s("Mara Quinn"));
}

#[test]
fn participle_after_said_takes_the_said_subject() {
    let t = "Talks planned.\n\nRyan Holt and Dana Price will meet next week, Sean Avila said, adding, “They need to sit down and have a good talk.”";
    let got = texts(t);
    assert_eq!(got, vec![("They need to sit down and have a good talk.".to_string(), s("Sean Avila"))]);
}

#[test]
fn the_plus_name_subject_of_a_partial_quote() {
    let t = "Gun vote.\n\nAs the senators spoke, the NRA was going into overdrive, whipping lawmakers against “any and all new restrictions on gun owners.”";
    let got = texts(t);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, s("NRA"));
}

#[test]
fn coordinated_verb_goes_back_to_the_outermost_reporting_verb() {
    let t = "Hacker speaks.\n\nBill Avery, the former director, declined to comment.\n\nIn a prison interview last year, Radu Marin said he welcomed extradition to the United States and added, “I will plead guilty, no problem.”";
    let got = texts(t);
    assert_eq!(got, vec![("I will plead guilty, no problem.".to_string(), s("Radu Marin"))]);
}

#[test]
fn a_quote_reprinted_by_hundreds_of_copies_is_one_cluster_with_every_occurrence() {
    // syndication: 400 copies of one wording, 3 of an altered wording, one unrelated quote
    let same = "The harbour master said: “We will not reopen the channel until every marker has been checked twice.”";
    let altered = "The harbour master said: “We will not reopen the channel until every single marker is checked.”";
    let other = "A ferry passenger said: “The lights went out and then everybody started running for the stairs.”";
    let mut items = Vec::new();
    for i in 0..404 {
        let text = match i {
            0..400 => same,
            400..403 => altered,
            _ => other,
        };
        let aref = newsfold_quotes::ArticleRef { id: format!("a{i:03}"), outlet: None, date: None };
        items.push((aref, extract_quotes(text)));
    }
    let cl = newsfold_quotes::cluster_quotes(&items);
    let big: Vec<_> = cl.iter().filter(|c| c.occurrences.len() > 1).collect();
    assert_eq!(big.len(), 1, "{:?}", cl.iter().map(|c| c.occurrences.len()).collect::<Vec<_>>());
    assert_eq!(big[0].occurrences.len(), 403);
    assert!(big[0].canonical.contains("checked twice"), "{}", big[0].canonical);
    assert_eq!(big[0].variants.len(), 1, "the altered wording is one variant");
    assert_eq!(big[0].variants[0].articles.len(), 3);
}
