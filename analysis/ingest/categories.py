"""Category and CAMEO event code of a sentence, from keyword rules; Goldstein from the CAMEO table.

The rules run in the order below; the first whose pattern occurs in the sentence decides. A
sentence that matches no rule gives no candidate (it names no act). Each rule names a CAMEO code
(the coding of the curated events); its **category comes from the one event vocabulary**,
``data/reference/cameo_categories.csv`` (:func:`analysis.data.vocabulary.category_for`), where the
rules that read more than their code says (``seize-arrest``, ``air-sea-incident``, ``grey-zone``,
``arms``, ``budget``; ``sign``/``agree`` as ``allies``/``others``) have their own qualifier rows.
Importers and the Curate form read the same table, so a code means one category everywhere. The
categories below are what the table gives today. The suggested Goldstein
score is the published value of that code in ``data/reference/cameo_goldstein.csv`` (read by the
loader; :func:`analysis.data.cameo.goldstein_lookup`) — never a number of our own. A code missing
from the table leaves the score empty.

- ``seize-arrest`` -> maritime_grey_zone, CAMEO 173 arrest, detain:
  seize, arrest, detain
- ``sanction`` -> economic_measure, CAMEO 163 embargo, boycott or sanctions:
  ban, embargo, sanction, export control, anti-dumping, travel warning/advisory, advising or urging
  citizens against travel or visits, suspend imports/exports
- ``cancel`` -> diplomatic, CAMEO 161 reduce or break relations:
  call off, cancel, postpone, suspend talks/exchanges
- ``protest`` -> diplomatic, CAMEO 114 complain officially:
  summon, protest, complain, démarche
- ``air-sea-incident`` -> military_incident, CAMEO 150 demonstrate military power:
  fire-control radar, lock on, abnormal approach, scramble, intercept, intrusion, violate airspace, collide
- ``grey-zone`` -> maritime_grey_zone, CAMEO 150 demonstrate military power:
  coast guard, territorial waters, contiguous zone, fishing boat, survey ship, buoy
- ``exercise`` -> military_exercise, CAMEO 150 demonstrate military power:
  drill, exercise (not "exercise its right", "exercise restraint"), live-fire, missile launch,
  training mission, patrol, transit, sail/fly through
- ``deploy`` -> force_posture, CAMEO 154 mobilize or increase armed forces:
  deploy, station, open a base/camp, activate, garrison, missile unit
- ``arms`` -> defence_industry, CAMEO 062 cooperate militarily:
  joint production, co-develop, arms sale/export/package
- ``budget`` -> budget_policy, CAMEO 010 make statement:
  defence budget, defence spending, trillion yen
- ``sign`` -> alliance or diplomatic, CAMEO 057 sign formal agreement:
  sign an agreement/pact/treaty
- ``agree`` -> alliance or diplomatic, CAMEO 0312 intent to cooperate militarily:
  agree, pledge, accord, reaffirm
- ``phone`` -> diplomatic, CAMEO 041 discuss by telephone:
  phone call, by phone, telephone
- ``visit`` -> diplomatic, CAMEO 042 make a visit:
  visit
- ``meet`` -> diplomatic, CAMEO 040 consult:
  meet, met, talks, summit
- ``threaten`` -> statement, CAMEO 130 threaten:
  threaten, warn
- ``demand`` -> statement, CAMEO 1042 demand policy change:
  demand, urge to retract/withdraw
- ``criticise`` -> statement, CAMEO 111 criticize or denounce:
  criticise, condemn, denounce, accuse, slam
- ``statement`` -> statement, CAMEO 010 make statement:
  said, say, announce, declare, state, told

``sign`` and ``agree`` read the ``allies`` row when every actor is the United States or one of its
treaty partners in the region (JPN, USA, KOR, PHL, AUS) and the ``others`` row otherwise (today:
``alliance`` and ``diplomatic``).

Each rule also lists Japanese and Chinese keywords (matched anywhere: those scripts have no
spaces), e.g. 領海 / 领海 / 海警 (grey-zone), 演習 / 演习 / 巡航 / 通過 (exercise), 抗議 / 抗议 /
交涉 (protest), 領空侵犯 / レーダー照射 (air-sea-incident), 表示 / 発表 / 称 (statement).

Limits: keywords, not grammar — negation ("did not protest"), reported speech and hypotheticals
are coded as if the act happened (extraction flags them: :mod:`analysis.ingest.roles`); one act per
sentence (the first rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.data.countries import ALLIES
from analysis.data.vocabulary import category_for


@dataclass(frozen=True)
class Rule:
    """One category rule: a name, the words it looks for, the CAMEO code it suggests and that code's category.

    ``qualifier`` is the row of ``cameo_categories.csv`` the rule reads (empty: the code's default).
    """

    name: str
    pattern: re.Pattern
    event_code: str
    qualifier: str = ""

    @property
    def category(self) -> str:
        """The rule's category, from the vocabulary table (code + qualifier)."""
        found = category_for(self.event_code, self.qualifier)
        if found is None:
            raise ValueError(f"rule {self.name}: CAMEO code has no category in cameo_categories.csv, "
                             f"got {self.event_code!r}")
        return found


# Rules whose own words say more than their code: they read the qualifier row named after them.
QUALIFIED = frozenset({"seize-arrest", "air-sea-incident", "grey-zone", "arms", "budget"})


def _rule(name: str, words: str, code: str, cjk: str = "") -> Rule:
    # Japanese and Chinese keywords (no word boundaries in those scripts) join the English words.
    return Rule(name, re.compile(f"{words}|{cjk}" if cjk else words, re.IGNORECASE), code,
                name if name in QUALIFIED else "")


RULES: tuple[Rule, ...] = (
    _rule("seize-arrest", r"\b(seiz(e|ed|es|ing|ure)|arrest(s|ed|ing)?|detain(s|ed|ing)?)\b",
          "173", "拿捕|逮捕|扣押|抓扣"),
    _rule("sanction", r"\b(ban(s|ned|ning)?|embargo(es)?|sanction(s|ed|ing)?|export controls?|anti-dumping|"
          r"travel (warning|advisory|alert)|suspend(s|ed|ing)? (all )?(the )?(imports?|exports?)|"
          r"(advis|urg)\w* (its )?(citizens|nationals)\b[^.]{0,40}?\b(travel|visit)\w*)\b",
          "163",
          "渡航自粛|旅行警告|提醒中国公民|避免前往|禁止进口|禁止進口|輸入停止|出口管制|制裁"),
    _rule("cancel", r"\b(call(s|ed|ing)? off|cancel(s|led|ed|ling)?|postpone(s|d)?|"
          r"suspend(s|ed|ing)? (talks|exchanges|contacts|dialogue))\b", "161", "中止|取消|延期"),
    _rule("protest", r"\b(summon(s|ed|ing)?|protest(s|ed|ing)?|complain(s|ed|t)?|d[ée]marches?)\b",
          "114", "抗議|抗议|交涉|召见|召見|呼び出し"),
    _rule("air-sea-incident", r"\b(fire[- ]control radar|lock(s|ed)? on|abnormal(ly)? approach\w*|scrambl\w+|"
          r"intercept(s|ed|ion)?|intrusions?|intrud\w+|violat\w+ (\w+ )?airspace|collid\w+|collision)\b",
          "150", "領空侵犯|領空を.{0,6}侵犯|侵犯领空|侵犯領空|緊急発進|スクランブル|レーダー照射|"
          "火器管制レーダー|火控雷达|火控雷達|衝突|相撞"),
    _rule("grey-zone", r"\b(coast guard|territorial (waters|sea)|contiguous zone|fishing (boats?|vessels?)|"
          r"survey (ship|vessel)s?|buoys?)\b", "150",
          "領海|接続水域|海警|公務船|公船|领海|領海|毗连区|毗連區|维权巡航|維權巡航|漁船|渔船|調査船|调查船"),
    # "exercise its right", "exercise restraint": the verb, not a drill.
    _rule("exercise", r"\b(drills?|exercises?(?! (its|their|the|a|his|her|our) (right|rights|restraint|"
          r"self-restraint|caution|influence|authority|power|sovereignty|jurisdiction|control))"
          r"(?! (restraint|self-restraint|caution|self-control))|live[- ]fire|"
          r"missiles? (launch\w*|test\w*)|training (mission|flight)s?|flown through|"
          r"(fired|launched) (\w+ ){0,3}missiles?|patrol(s|led|ling)?|transit(s|ed)?|"
          r"(sailed|flew|fly|flies|sail|sails) through)\b", "150",
          "演習|演习|演訓|演训|訓練|训练|戦備警巡|战备警巡|戰備警巡|巡航|通過|通过|過航|过航|航行|発射|发射|試射|试射"),
    _rule("deploy", r"\b(deploy(s|ed|ing|ment)?|station(s|ed|ing)|open(s|ed)? (a |its )?(new )?(base|camp)|"
          r"activat(e|es|ed|ing)|garrison|missile units?)\b", "154", "配備|部署|配置|駐屯|进驻|進駐"),
    _rule("arms", r"\b(joint(ly)? produc\w+|co-?develop\w*|arms (sales?|exports?|package)|weapons? exports?)\b",
          "062"),
    _rule("budget", r"\b(defen[cs]e (budget|spending)|military (budget|spending)|trillion yen)\b",
          "010"),
    _rule("sign", r"\bsign(s|ed|ing)? (an? |the )?(\w+ ){0,3}(agreement|pact|treaty|accord|deal)\b",
          "057"),
    _rule("agree", r"\b(agree(s|d)?|pledge(s|d)?|accord|reaffirm(s|ed)?)\b", "0312"),
    _rule("phone", r"\b(phone (call|talks?)|by (tele)?phone|telephone)\b", "041"),
    _rule("visit", r"\bvisit(s|ed|ing)?\b", "042", "訪問|访问|視察|视察"),
    _rule("meet", r"\b(meet(s|ing)?|met|talks|summit)\b", "040", "会談|会谈|會談|会晤|會晤|首脳会談"),
    _rule("threaten", r"\b(threat(en|ens|ened)?|warn(s|ed|ing)?)\b", "130", "警告|威嚇|威胁|威脅"),
    _rule("demand", r"\b(demand(s|ed)?|urg(e|es|ed) \w+ to (retract|withdraw))\b", "1042",
          "要求|敦促|求めた|撤回"),
    _rule("criticise", r"\b(criticis\w+|criticiz\w+|condemn\w*|denounc\w+|accus\w+|slam(s|med)?)\b",
          "111", "非難|批判|谴责|譴責|抨击|抨擊"),
    _rule("statement", r"\b(said|says|say|announc\w+|declar\w+|stated|told)\b", "010",
          "表示|発表|述べ|明らかに|宣布|称|稱|回应|回應|指出"),
)


@dataclass(frozen=True)
class Coding:
    """A sentence's suggested category, CAMEO code, Goldstein score and the rules behind them."""

    category: str
    event_code: str
    rule: str
    goldstein: float | None
    goldstein_rule: str


def code_sentence(sentence: str, actors: list[str], scores: dict[str, float]) -> Coding | None:
    """The first matching rule's category and code, with the table's Goldstein score; None if no rule matches."""
    for rule in RULES:
        if rule.pattern.search(sentence):
            category = rule.category
            if rule.name in ("sign", "agree"):
                category = category_for(rule.event_code, "allies" if set(actors) <= ALLIES else "others") or category
            score = scores.get(rule.event_code)
            how = (f"CAMEO {rule.event_code} in cameo_goldstein.csv" if score is not None
                   else "no Goldstein table: score left empty")
            return Coding(category, rule.event_code, rule.name, score, how)
    return None
