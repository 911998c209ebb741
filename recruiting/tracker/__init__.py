"""지원 관리: the member's own tracker of every application and the deadline calendar.

Partner applications (recruiting.Application) are shown with the stage staff set; the member
records applications made elsewhere (OutsideApplication). The month calendar and the private
.ics feed show the letters' deadlines and the next dates of both kinds of application; the
reminders of those dates go through notifications (recruiting.tasks).
"""
