"""The member's consulting pages (/consulting/my/), one module per part: `browse` (the
member's consulting home, the services, the consultants' cards), `requesting` (service →
consultant → what to share → the consent screen), `engagement` (one engagement and what the
member may do with it, sharing again included) and `sharing` (the choosing and the consent
screen both flows use). Every page is the signed-in member's own: an engagement of anyone else
is 404."""
