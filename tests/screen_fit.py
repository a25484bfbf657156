"""A full meeting for the shared screen, and what the screen shows, measured in the browser.

Used by tests/browser/test_screen_every_word.py and benchmarks/screen_fit.py: items of realistic
length (some of 400 characters) spread over every section, seven people in the room, and one
JavaScript probe that, each time it runs, records which items are wholly in view, anything cut or
clipped, anyone in "Who is here" out of view and the smallest type on the screen."""

from __future__ import annotations

from meeting_room.core.vocabulary import COLUMNS
from tests.helpers import Person, admit_and_enter, join, new_meeting, signed_in_chair

SHORT = ["Dad goes to his group every Tuesday.", "Grandma collects Alex from school on Fridays.",
         "Alex likes football and plays for a team.", "Mum called the duty line when she was worried."]
MIDDLE = ["The school has noticed that Alex comes in tired and hungry on Mondays after a weekend at home, "
          "and twice this term had no coat in the rain.",
          "Mum and Dad argued loudly in front of the children in March; a neighbour called the police, "
          "who found the children upset but not hurt."]
LONG = ("We are worried that when Dad has been drinking he shouts at the children and throws things, and "
        "that Alex, who is seven, tries to keep his little sister safe by taking her upstairs. If nothing "
        "changes, we think the children could be hurt, and Alex will go on feeling that keeping everyone "
        "safe is his job. Mum has said she wants this to stop and has asked for help with a safety plan for "
        "the evenings.")
assert len(LONG) >= 390
PEOPLE = [("Dana", "mum", ""), ("Lee", "dad", ""), ("Pat", "grandparent", ""), ("Sam", "friend", ""),
          ("Ms Patel", "professional", "Hill Primary School"), ("Jo Reid", "professional", "Health visiting")]
PLACES = [(c.key, s.key) for c in COLUMNS for s in c.sections]


def text_for(n: int) -> str:
    """Item n's words: every fourth one is long, every fourth-but-one middling, the rest short."""
    kind = n % 4
    words = LONG if kind == 0 else MIDDLE[n % 2] if kind == 1 else SHORT[n % len(SHORT)]
    return f"{n + 1}. {words}"


def board_text_for(n: int) -> str:
    """A chair's board's usual words: every third item middling, the rest short."""
    return f"{n + 1}. " + (MIDDLE[n % 2] if n % 3 == 0 else SHORT[n % len(SHORT)])


async def full_meeting(server, database_url: str, items: int, people: list | None = None, texts=text_for):
    """A chair, six people let in, and `items` items in every column and section; returns
    (chair, others, meeting id)."""
    chair = Person.live(server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    others = []
    for name, connection, agency in PEOPLE if people is None else people:
        person = Person.live(server)
        await join(person, code, name, connection, agency)
        await admit_and_enter(chair, person, meeting_id, name)
        others.append(person)
    state = server.app.state.mr
    board = await state.boards.board(meeting_id)
    chair_id = next(p.id for p in board.participants if p.role == "chair")
    for n in range(items):  # straight through the domain: the join code's rate limits are not the point
        column, section = PLACES[n % len(PLACES)]
        await state.items.add(meeting_id, chair_id, column=column, section=section, text=texts(n))
    return chair, others, meeting_id


# One look at the screen: what is wholly in view now, and anything wrong. Called again and again
# (the pages turn by themselves); it keeps what it saw in window.__fit.
PROBE = """(expected) => {
  const f = window.__fit || (window.__fit = {seen: {}, pages: {}, problems: [], smallest: 1e9});
  if (document.getElementById('page').dataset.layout === 'pending') return false;  // swapped, not yet laid out (never painted)
  const inView = (el, box) => { const r = el.getBoundingClientRect(), b = box || {top: 0, left: 0,
      bottom: innerHeight, right: innerWidth}; return r.height > 0 && r.top >= b.top - 1 && r.left >= b.left - 1
      && r.bottom <= b.bottom + 1 && r.right <= b.right + 1; };
  const shown = [];
  for (const item of document.querySelectorAll('.screen .item')) {
    if (item.hidden || !item.getClientRects().length) continue;
    const box = item.closest('.items').getBoundingClientRect();
    if (!inView(item, box) || !inView(item) || item.getClientRects().length !== 1) {  // cut, or split in two
      f.problems.push('clipped: ' + item.id); continue; }
    const text = item.querySelector('.item-text'), style = getComputedStyle(text);
    if (text.scrollHeight > text.clientHeight + 1 || style.webkitLineClamp !== 'none' || style.textOverflow === 'ellipsis'
        || text.textContent.includes('…')) f.problems.push('cut: ' + item.id);
    shown.push(item.id); f.seen[item.id] = true;
  }
  if (shown.length) f.pages[shown.join(' ')] = shown.length;
  for (const li of document.querySelectorAll('#roster-list li')) if (!inView(li)) f.problems.push('not seen: ' + li.textContent.trim().split(/\\s+/)[0]);
  const walker = document.createTreeWalker(document.querySelector('main.screen'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length || el.closest('.visually-hidden, [hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || !inView(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size > 0) f.smallest = Math.min(f.smallest, size);  // a word drawn at 0px (a presence dot's) is not shown
  }
  if (document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1)
    f.problems.push('scrolls');
  return Object.keys(f.seen).length >= expected || f.problems.length > 0;
}"""
