"""맞춤법·띄어쓰기 hints for an answer (issue 14), computed on LifeMento's own server with the
Korean morphological analyser Kiwi (kiwipiepy, its model shipped as the kiwipiepy_model
package): the text is never sent to an outside service. A hint only proposes; the member's text
changes when they press 바꾸기 in the editor (static/js/spelling.js)."""
